package dev.medallion.quickstart;

import java.io.IOException;
import java.net.ServerSocket;

/** Free local ports for the pipeline's listeners in tests. */
final class TestPorts {
    private TestPorts() {
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A port p such that p and p + 1 (the Kafka controller listener) are free. */
    static int freePortPair() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = freePort();
            try (ServerSocket next = new ServerSocket(port + 1)) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no two consecutive free ports found");
    }
}
