package dev.latentj.serve;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hang-up check reads nothing: a quiet or talking client is present, a closed one is gone. */
class ClientWatchTest {
    @Test
    void aClosedConnectionIsGoneAndPendingBytesStayUnread() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             ClientWatch watch = new ClientWatch()) {
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            try (Socket quiet = new Socket("127.0.0.1", port); SocketChannel a = server.accept();
                 Socket talking = new Socket("127.0.0.1", port); SocketChannel b = server.accept()) {
                a.configureBlocking(false);
                b.configureBlocking(false);
                BooleanSupplier goneA = watch.watch(a);
                BooleanSupplier goneB = watch.watch(b);
                assertFalse(goneA.getAsBoolean());

                talking.getOutputStream().write(new byte[] {1, 2, 3});
                Thread.sleep(100);
                assertFalse(goneB.getAsBoolean(), "bytes of a next request are not a hang-up");
                ByteBuffer buf = ByteBuffer.allocate(8);
                assertEquals(3, b.read(buf), "and they are left for the server to read");

                quiet.close();
                boolean gone = false;
                for (int i = 0; i < 100 && !gone; i++) {
                    Thread.sleep(20);
                    gone = goneA.getAsBoolean();
                }
                assertTrue(gone, "a closed connection is seen without reading from it");
                assertTrue(a.isOpen(), "the watch never closes the server's channel");
            }
        }
    }
}
