package dev.latentj.engine;

import dev.latentj.bindings.latentj_h;
import dev.latentj.bindings.lj_model_params;
import dev.latentj.bindings.lj_tensor_desc;
import dev.latentj.gguf.GgufException;
import dev.latentj.gguf.GgufFile;
import dev.latentj.gguf.GgufKeys;
import dev.latentj.gguf.GgufTensorInfo;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What lj_model_check, lj_model_load and lj_train_new read of a model file: its hyper-parameters and the descriptor
 * of every tensor (name, type, shape, where its bytes are in the data section), as the C structs of latentj.h. For
 * code that calls the C API itself, as the trainer does; applications load models with {@link Model#load}.
 *
 * @param params   one {@code lj_model_params}, in the arena given to {@link #of}
 * @param tensors  {@code nTensors} {@code lj_tensor_desc}s, in that arena
 * @param nTensors how many tensors the file has
 * @param dataSize bytes of the file's data section, which the descriptors' offsets index
 */
public record ModelSpec(MemorySegment params, MemorySegment tensors, int nTensors, long dataSize) {

    /**
     * The descriptors of a file whose hyper-parameters are read.
     *
     * @param file    the model file, open while the descriptors are used
     * @param config  its hyper-parameters ({@link ModelChecks#validate})
     * @param options backend, threads and the RPC split, as {@link Model#load} takes them
     * @param arena   where the structs live
     * @return the descriptors
     * @throws GgufException when a tensor name is longer than the engine takes
     */
    public static ModelSpec of(GgufFile file, ModelConfig config, Model.Options options, Arena arena) throws GgufException {
        MemorySegment params = lj_model_params.allocate(arena);
        params.copyFrom(latentj_h.lj_model_default_params(arena));
        lj_model_params.arch(params, config.arch().id());
        lj_model_params.backend(params, options.backend().id);
        lj_model_params.n_threads(params, options.threads());
        lj_model_params.n_vocab(params, config.nVocab());
        lj_model_params.n_embd(params, config.nEmbd());
        lj_model_params.n_layer(params, config.nLayer());
        lj_model_params.n_head(params, config.nHead());
        lj_model_params.n_head_kv(params, config.nHeadKv());
        lj_model_params.head_dim(params, config.headDim());
        lj_model_params.n_ff(params, config.nFf());
        lj_model_params.n_ctx_train(params, config.nCtxTrain());
        lj_model_params.norm_eps(params, config.normEps());
        lj_model_params.rope_freq_base(params, config.ropeFreqBase());
        lj_model_params.prj_norm_eps(params, file.metadata().getFloatOrDefault(GgufKeys.CODI_PRJ_LAYERNORM_EPS, 1e-5f));
        if (!options.rpcServers().isEmpty()) {
            lj_model_params.rpc_servers(params, arena.allocateFrom(String.join(",", options.rpcServers())));
            lj_model_params.rpc_timeout_ms(params, Math.toIntExact(options.rpcTimeout().toMillis()));
        }
        if (!options.tensorSplit().isEmpty()) {
            float[] shares = new float[options.tensorSplit().size()];
            for (int i = 0; i < shares.length; i++) shares[i] = options.tensorSplit().get(i);
            lj_model_params.tensor_split(params, arena.allocateFrom(ValueLayout.JAVA_FLOAT, shares));
            lj_model_params.n_tensor_split(params, shares.length);
        }

        List<GgufTensorInfo> tensors = file.tensors();
        MemorySegment descs = lj_tensor_desc.allocateArray(tensors.size(), arena);
        for (int i = 0; i < tensors.size(); i++) {
            GgufTensorInfo t = tensors.get(i);
            MemorySegment d = lj_tensor_desc.asSlice(descs, i);
            byte[] name = t.name().getBytes(StandardCharsets.UTF_8);
            if (name.length >= latentj_h.LJ_MAX_NAME()) {
                throw new GgufException("tensor name '" + t.name() + "' is longer than " + (latentj_h.LJ_MAX_NAME() - 1) + " bytes");
            }
            MemorySegment.copy(name, 0, lj_tensor_desc.name(d), ValueLayout.JAVA_BYTE, 0, name.length);
            lj_tensor_desc.type(d, t.type().id());
            lj_tensor_desc.n_dims(d, t.nDims());
            for (int j = 0; j < 4; j++) lj_tensor_desc.ne(d, j, t.ne(j));
            lj_tensor_desc.offset(d, t.offset());
            lj_tensor_desc.size(d, t.byteSize());
        }
        return new ModelSpec(params, descs, tensors.size(), file.segment().byteSize() - file.dataOffset());
    }
}
