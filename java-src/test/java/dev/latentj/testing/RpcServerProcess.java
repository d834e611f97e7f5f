package dev.latentj.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A {@code latentj rpc-server} in a child JVM on 127.0.0.1, on a free port it picks ({@code --port 0}): for tests
 * that split a model over RPC servers. Closing it stops it by its process id.
 */
public final class RpcServerProcess implements AutoCloseable {
    private static final String MAIN = "dev.latentj.cli.Main";
    private static final Pattern ENDPOINT = Pattern.compile("endpoint\\s*: 127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final int port;
    private final Path log;

    private RpcServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts a server with one CPU thread and these further options (e.g. "--mem", "3"); it is ready on return. */
    public static RpcServerProcess start(String... options) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx64m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), MAIN,
                "rpc-server", "--host", "127.0.0.1", "--port", "0", "--threads", "1"));
        cmd.addAll(List.of(options));
        Path log = Files.createTempFile("latentj-rpc-server", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        p.getOutputStream().close();
        // ggml's banner names the port the server took: "  endpoint       : 127.0.0.1:PORT"
        for (int i = 0; i < 600 && p.isAlive(); i++) {
            Matcher m = ENDPOINT.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (m.find()) {
                RpcServerProcess server = new RpcServerProcess(p, Integer.parseInt(m.group(1)), log);
                if (server.awaitListening()) return server;
                break;
            }
            Thread.sleep(100);
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        p.destroyForcibly();
        fail("latentj rpc-server did not start:\n" + out);
        return null;
    }

    /** "127.0.0.1:PORT", as --rpc takes it. */
    public String endpoint() {
        return "127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    /** Kills the server at once (SIGKILL), as a crash or a power cut would. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Stops the server (SIGSTOP), as a hung host would be, and returns once it is stopped: its kernel still accepts. */
    public void freeze() throws IOException, InterruptedException {
        signal("STOP");
        for (int i = 0; i < 500 && state() != 'T'; i++) Thread.sleep(10);
        assertEquals('T', state(), "the state of rpc-server " + pid() + " after SIGSTOP");
    }

    /** Lets a frozen server go on (SIGCONT). */
    public void thaw() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        // bash's own kill: no procps needed
        Process kill = new ProcessBuilder("bash", "-c", "kill -" + name + " " + pid()).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + name + " " + pid());
    }

    /** The process state letter of /proc/PID/stat (R, S, T, ...). */
    private char state() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }

    /** What the server printed so far. */
    public String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** Stops the server by its pid (SIGTERM, then SIGKILL after ten seconds). */
    @Override
    public void close() throws IOException, InterruptedException {
        ProcessHandle.of(pid()).ifPresent(ProcessHandle::destroy);
        if (!process.waitFor(10, TimeUnit.SECONDS)) kill();
        Files.deleteIfExists(log);
    }

    /** Whether the port takes connections within a minute (a connection that says nothing the server just closes). */
    private boolean awaitListening() throws InterruptedException {
        for (int i = 0; i < 600 && process.isAlive(); i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return true;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        return false;
    }
}
