package dev.latentj.cli;

import dev.latentj.engine.Model;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** --rpc, --tensor-split and --rpc-timeout: a model's layers split over {@code latentj rpc-server} hosts (in ModelOption). */
public final class RpcOption {
    @Option(names = "--rpc", split = ",", paramLabel = "HOST:PORT",
            description = "split the layers over these latentj rpc-server (or llama.cpp rpc-server) hosts: they hold "
                    + "the first layers in this order, this process the last ones and the input and output layers")
    List<String> servers = new ArrayList<>();

    @Option(names = "--tensor-split", split = ",", paramLabel = "SHARE",
            description = "with --rpc: each device's share of the layers, the --rpc servers in order, then this process "
                    + "(default: in proportion to their free memory), e.g. 1,1,2")
    List<Float> tensorSplit = new ArrayList<>();

    @Option(names = "--rpc-timeout", paramLabel = "SECONDS",
            description = "with --rpc: a decode (or a weight tensor at load) that waits longer on the servers fails, and "
                    + "with it the model (default: ${DEFAULT-VALUE})")
    int timeout = (int) Model.Options.DEFAULT_RPC_TIMEOUT.toSeconds();

    /**
     * Where the layers went, for stderr: "rpc: layers 0-1 on RPC0[host-a:50052], 2-3 here (CPU)", runs of layers
     * by device in layer order.
     */
    static String describe(Model m) {
        List<String> devices = m.layerDevices();
        StringBuilder out = new StringBuilder("rpc: layers");
        for (int first = 0; first < devices.size(); ) {
            int last = first;
            while (last + 1 < devices.size() && devices.get(last + 1).equals(devices.get(first))) last++;
            String where = devices.get(first).equals(m.backendName()) ? "here (" + m.backendName() + ")" : "on " + devices.get(first);
            out.append(first == 0 ? " " : ", ").append(first == last ? first : first + "-" + last).append(' ').append(where);
            first = last + 1;
        }
        return out.append("; the input and output layers here").toString();
    }

    /** {@code base} with these servers, shares and time-out. */
    public Model.Options apply(Model.Options base) {
        return new Model.Options(base.backend(), base.threads(), servers, tensorSplit, Duration.ofSeconds(timeout));
    }
}
