package dev.latentj.convert;

/** _rebuild_tensor_v2(storage, storage_offset, size, stride, ...), before it is checked and sliced. */
record TorchTensorRef(TorchStorageRef storage, long storageOffset, long[] size, long[] stride) {}
