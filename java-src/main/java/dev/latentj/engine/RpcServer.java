package dev.latentj.engine;

import dev.latentj.bindings.latentj_h;
import dev.latentj.params.Param;

import java.lang.foreign.Arena;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Serves this host's backend to other processes that split a model over it ({@link Model.Options#rpc}): ggml's
 * RPC server, the one llama.cpp's {@code rpc-server} runs, so either side may be llama.cpp's of the same ggml.
 * The protocol has no authentication or encryption: whoever reaches the port can run graphs on this host and read
 * what its clients stored there.
 */
public final class RpcServer {
    private RpcServer() {}

    /**
     * Serves until the server fails; it never returns normally.
     *
     * @param host     the IPv4 address to listen on, or a name that has one ("127.0.0.1", "localhost": this
     *                 machine only; "0.0.0.0": every interface)
     * @param port     0 to 65535; 0: a free one, named on standard output ("endpoint : host:port")
     * @param backend  the device to serve: CPU, CUDA, or AUTO (CUDA when present)
     * @param threads  CPU threads of the served backend (0: all cores but one)
     * @param memBytes what the server reports as its memory and at most lets its clients allocate (0: the
     *                 device's own)
     * @throws LatentjException when it cannot start (port taken, no such device) or its socket fails
     */
    public static void serve(String host, int port, Backend backend, int threads, long memBytes) {
        Param.PORT.check(port);
        Param.THREADS.check(threads);
        if (memBytes < 0) throw new IllegalArgumentException("memory cap must be >= 0, got " + memBytes);
        try (Arena arena = Arena.ofConfined()) {
            NativeStatus.check(latentj_h.lj_rpc_server_start(arena.allocateFrom(ipv4(host)), port, backend.id, threads, memBytes));
        }
        throw new LatentjException("the RPC server on " + host + ":" + port + " stopped");
    }

    /**
     * {@return whether {@code host} is this machine only (127.0.0.0/8, "localhost")}
     *
     * @param host an address or a name
     */
    public static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** ggml's server listens on an IPv4 address given as such. */
    private static String ipv4(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (a instanceof Inet4Address) return a.getHostAddress();
            }
            throw new IllegalArgumentException("host '" + host + "' has no IPv4 address (ggml's RPC server listens on IPv4)");
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host '" + host + "'");
        }
    }
}
