package org.spikecoder.data.download;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An HTTP server on 127.0.0.1 serving files from memory, and misbehaving on request: {@code /<path>} serves the
 * file, 404 when there is none; a path registered with {@link #dropAfter} announces the full length but stops after
 * that many bytes, leaving the connection open (a stalled or silently dead connection).
 */
public final class LoopbackServer implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, Integer> drops = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();

    public LoopbackServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Serves {@code bytes} at {@code /path} (no leading slash). Returns this. */
    public LoopbackServer put(String path, byte[] bytes) {
        files.put("/" + path, bytes.clone());
        return this;
    }

    /** {@code /path} sends its Content-Length, then only {@code bytes} bytes, and then nothing. */
    public LoopbackServer dropAfter(String path, int bytes) {
        drops.put("/" + path, bytes);
        return this;
    }

    /** The base URL of {@code folder}: http://127.0.0.1:PORT/folder/ */
    public String url(String folder) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + folder + "/";
    }

    public int requests() {
        return requests.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        String path = ex.getRequestURI().getPath();
        byte[] body = files.get(path);
        try (ex) {
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            Integer drop = drops.get(path);
            ex.sendResponseHeaders(200, body.length);
            OutputStream out = ex.getResponseBody();
            if (drop == null) {
                out.write(body);
                out.close();
                return;
            }
            out.write(body, 0, drop);
            out.flush();
            // the JDK server keeps the connection open after a short fixed-length body: the client waits for more
            try {
                out.close();
            } catch (IOException expected) {
                // "insufficient bytes written to stream"
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
