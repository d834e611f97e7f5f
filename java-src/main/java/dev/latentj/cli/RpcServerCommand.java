package dev.latentj.cli;

import dev.latentj.engine.Backend;
import dev.latentj.engine.RpcServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code latentj rpc-server}: this host's backend for other hosts' {@code --rpc}. */
@Command(name = "rpc-server", mixinStandardHelpOptions = true,
        description = "Serve this host's CPU or GPU to other latentj (or llama.cpp) processes that split a model over "
                + "it with --rpc HOST:PORT: ggml's RPC server, one client at a time, until stopped. The protocol has no "
                + "authentication: anyone who reaches the port can use the device and read its memory.")
public final class RpcServerCommand implements Callable<Integer> {
    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "IPv4 address (or name) to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0: every interface)")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "50052",
            description = "default: ${DEFAULT-VALUE}; the banner on stdout names the port taken (\"endpoint : HOST:PORT\")")
    int port;

    @Option(names = "--backend", paramLabel = "cpu|cuda", defaultValue = "cpu", description = "the device to serve (default: ${DEFAULT-VALUE})")
    String backend;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "CPU threads (default: all cores but one)")
    int threads;

    @Option(names = "--mem", paramLabel = "MB", defaultValue = "0",
            description = "memory this server reports and lets its clients use, in MiB (default: 0)")
    int mem;

    @Override
    public Integer call() {
        Backend b = switch (backend.toLowerCase(Locale.ROOT)) {
            case "cpu" -> Backend.CPU;
            case "cuda", "gpu" -> Backend.CUDA;
            default -> throw new IllegalArgumentException("unknown backend '" + backend + "' (cpu or cuda)");
        };
        if (!RpcServer.isLoopback(host)) {
            System.err.println("warning: ggml's RPC protocol has no authentication or encryption: anyone who reaches this "
                    + "server on " + host + " can run graphs on its " + backend + " and read its memory; serve only a trusted network");
            System.err.flush();
        }
        RpcServer.serve(host, port, b, threads, (long) mem << 20);
        return 1; // not reached: serve returns only by throwing
    }
}
