package dev.latentj.convert;

import java.util.Optional;

/** The callables a state-dict pickle may name; REDUCE on them builds Java values, never runs Python. */
enum TorchGlobal {
    ORDERED_DICT("collections", "OrderedDict"),
    REBUILD_TENSOR_V2("torch._utils", "_rebuild_tensor_v2"),
    REBUILD_PARAMETER("torch._utils", "_rebuild_parameter"),
    REBUILD_PARAMETER_WITH_STATE("torch._utils", "_rebuild_parameter_with_state");

    final String module, name;

    TorchGlobal(String module, String name) {
        this.module = module;
        this.name = name;
    }

    static Optional<TorchGlobal> of(String module, String name) {
        for (TorchGlobal g : values()) if (g.module.equals(module) && g.name.equals(name)) return Optional.of(g);
        return Optional.empty();
    }
}
