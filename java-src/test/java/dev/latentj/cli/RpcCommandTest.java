package dev.latentj.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code latentj rpc-server} and {@code --rpc}: the one-line errors, the exit codes, the warning beyond loopback. */
class RpcCommandTest {
    @Test
    void anUnreachableServerIsNamedInOneLine() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Cli.Result r = Cli.run("eval", "--ids", "1,2", "--rpc", "127.0.0.1:" + port);
        assertEquals(1, r.code(), r.toString());
        assertEquals("error: RPC server 127.0.0.1:" + port + " cannot be reached: Connection refused\n", r.err());
    }

    @Test
    void badServerListsAndSplitsAreRefused() {
        Cli.Result notHostPort = Cli.run("eval", "--ids", "1", "--rpc", "127.0.0.1");
        assertEquals(1, notHostPort.code(), notHostPort.toString());
        assertEquals("error: RPC server '127.0.0.1' is not host:port\n", notHostPort.err());
        Cli.Result alone = Cli.run("eval", "--ids", "1", "--tensor-split", "1,1");
        assertEquals(1, alone.code(), alone.toString());
        assertEquals("error: a tensor split needs RPC servers to split over\n", alone.err());
        Cli.Result negative = Cli.run("run", "--rpc", "127.0.0.1:1", "--tensor-split", "1,-1", "x");
        assertEquals(2, negative.code(), negative.toString());
        assertTrue(negative.err().startsWith("error: --tensor-split must be a finite number >= 0, got -1"), negative.err());
        Cli.Result timeout = Cli.run("bench", "--rpc", "127.0.0.1:1", "--rpc-timeout", "0");
        assertEquals(2, timeout.code(), timeout.toString());
    }

    @Test
    void theServerWarnsBeyondLoopbackAndSaysWhyItCannotStart() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"))) {
            Cli.Result r = Cli.run("rpc-server", "--host", "0.0.0.0", "--port", Integer.toString(taken.getLocalPort()));
            assertEquals(1, r.code(), r.toString());
            String[] lines = r.err().split("\n");
            assertEquals(2, lines.length, r.err());
            assertTrue(lines[0].startsWith("warning: ggml's RPC protocol has no authentication or encryption"), lines[0]);
            assertEquals("error: cannot listen on 0.0.0.0:" + taken.getLocalPort() + ": Address already in use", lines[1]);
        }
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // no warning on loopback; the CUDA device is looked for first (a CUDA build finds the port taken)
            Cli.Result r = Cli.run("rpc-server", "--host", "localhost", "--port", Integer.toString(taken.getLocalPort()), "--backend", "cuda");
            assertEquals(1, r.code(), r.toString());
            assertTrue(r.err().equals("error: no CUDA device in this build or on this machine\n")
                    || r.err().equals("error: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": Address already in use\n"), r.err());
        }
        assertEquals(2, Cli.run("rpc-server", "--port", "65536").code());
        assertEquals(2, Cli.run("rpc-server", "--mem", "-1").code());
    }
}
