package dev.latentj.convert;

/** persistent_load(('storage', type, key, location, numel)): storage {@code data/<key>} of {@code numel} elements. */
record TorchStorageRef(TorchStorageType type, String key, long numel) {}
