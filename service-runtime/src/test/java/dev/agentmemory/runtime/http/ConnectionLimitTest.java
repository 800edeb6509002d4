package dev.agentmemory.runtime.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentmemory.runtime.config.MemoryConfig;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@code server.max_connections}: with the limit's connections open, a further client is not served
 * until one of them closes.
 */
class ConnectionLimitTest {

    @Test
    void beyondMaxConnectionsANewClientWaitsUntilOneCloses() throws Exception {
        var server = new MemoryConfig.Server("127.0.0.1", 0, 1, 2, 5000);
        Javalin app = Javalin.create(config -> HttpBasics.install(
                        config,
                        "limit-test",
                        server,
                        new ObjectMapper(),
                        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                        1024,
                        () -> true))
                .start();
        try (Socket first = connect(app.port());
                Socket second = connect(app.port())) {
            assertEquals(200, health(first));
            assertEquals(200, health(second));
            try (Socket third = connect(app.port())) {
                // connected in the kernel's backlog, but not accepted: no answer
                assertThrows(SocketTimeoutException.class, () -> health(third));
                first.close();
                third.setSoTimeout(5000);
                assertEquals(200, status(third.getInputStream()), "served once a connection closed");
            }
        } finally {
            app.stop();
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        socket.setSoTimeout(1000);
        return socket;
    }

    /** Sends {@code GET /health} on a kept-alive connection; answers the status. */
    private static int health(Socket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return status(socket.getInputStream());
    }

    /** Reads one response's status line and headers and its body (Content-Length). */
    private static int status(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after: " + head);
            }
            head.append((char) b);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        in.readNBytes(length);
        return Integer.parseInt(head.substring(9, 12));
    }
}
