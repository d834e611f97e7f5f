package dev.latentj.serve;

import java.io.IOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.function.BooleanSupplier;

/**
 * Notices clients that hang up while their request runs. An HTTP/1.1 server reads nothing from a connection while
 * its handler runs, so a closed connection goes unseen until a write fails, and a non-streaming request writes
 * only at its end. Like llama-server (httplib's is_socket_alive), this peeks at the socket: readable with nothing
 * to read means the peer has closed it. The channel stays the server's; this only registers it with a selector of
 * its own for read readiness, which reads nothing.
 */
final class ClientWatch implements AutoCloseable {
    private final Selector selector;

    ClientWatch() throws IOException {
        this.selector = Selector.open();
    }

    /** A check for one connection; a watch that cannot register reports the client as present. */
    BooleanSupplier watch(SocketChannel channel) {
        SelectionKey key;
        try {
            synchronized (this) {
                selector.selectNow(); // deregisters keys cancelled since, e.g. this connection's previous request's
                key = channel.register(selector, SelectionKey.OP_READ);
            }
        } catch (IOException | RuntimeException e) {
            return () -> false;
        }
        return new Check(key, channel);
    }

    private final class Check implements BooleanSupplier {
        private final SelectionKey key;
        private final SocketChannel channel;
        private volatile boolean gone;

        Check(SelectionKey key, SocketChannel channel) {
            this.key = key;
            this.channel = channel;
        }

        @Override
        public boolean getAsBoolean() {
            if (gone) return true;
            if (!channel.isOpen() || !key.isValid()) return gone = true;
            synchronized (ClientWatch.this) {
                try {
                    selector.selectNow();
                    selector.selectedKeys().clear();
                } catch (IOException | ClosedSelectorException e) {
                    return false;
                }
                if (!key.isValid() || !key.isReadable()) return false;
                try {
                    if (channel.socket().getInputStream().available() > 0) {
                        // bytes of a pipelined request, not a hang-up: stop watching rather than read them
                        key.cancel();
                        return false;
                    }
                } catch (IOException e) {
                    // reset by the peer
                }
                key.cancel();
                return gone = true;
            }
        }
    }

    /** Stops watching a connection once its response is complete (it may carry the next request). */
    static void release(BooleanSupplier check) {
        if (check instanceof Check c) c.key.cancel();
    }

    @Override
    public synchronized void close() throws IOException {
        selector.close();
    }
}
