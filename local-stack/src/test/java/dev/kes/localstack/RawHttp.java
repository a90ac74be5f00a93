package dev.kes.localstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one request per connection: it sends whatever bytes it is given (bad
 * percent-encoding, control characters, raw non-ASCII) where java.net.http would refuse, and reads the answer to the
 * end, so a hang or a reset is an exception rather than a silent retry.
 */
final class RawHttp {
    private static final int TIMEOUT_MS = 15_000;

    /** A complete answer: the status, the headers (names in lower case, last one wins) and the body. */
    record Response(int status, Map<String, String> headers, byte[] body) {
        String header(final String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private RawHttp() {}

    static Response exchange(final int port, final byte[] request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(TIMEOUT_MS);
            final OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            return parse(socket.getInputStream().readAllBytes());
        }
    }

    private static Response parse(final byte[] raw) throws IOException {
        final int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
        if (end < 0) {
            throw new IOException("no complete response head in " + raw.length + " bytes");
        }
        final String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        final String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x status line: " + lines[0]);
        }
        final Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            final int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(
                        lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).strip());
            }
        }
        final byte[] rest = Arrays.copyOfRange(raw, end + 4, raw.length);
        final byte[] body = "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? dechunk(rest) : rest;
        final String length = headers.get("content-length");
        if (length != null && Long.parseLong(length) != body.length) {
            throw new IOException("truncated body: " + body.length + " of " + length + " bytes");
        }
        return new Response(Integer.parseInt(statusLine[1]), headers, body);
    }

    private static byte[] dechunk(final byte[] chunked) throws IOException {
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        final byte[] crlf = "\r\n".getBytes(StandardCharsets.ISO_8859_1);
        int at = 0;
        while (true) {
            final int lineEnd = indexOf(chunked, crlf, at);
            if (lineEnd < 0) {
                throw new IOException("truncated chunked body");
            }
            final String sizeField = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1);
            final int size = Integer.parseInt(sizeField.split(";", 2)[0].strip(), 16);
            if (size == 0) {
                return body.toByteArray();
            }
            if (lineEnd + 2 + size > chunked.length) {
                throw new IOException("truncated chunk of " + size + " bytes");
            }
            body.write(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }

    private static int indexOf(final byte[] data, final byte[] target, final int from) {
        for (int i = from; i <= data.length - target.length; i++) {
            if (Arrays.equals(data, i, i + target.length, target, 0, target.length)) {
                return i;
            }
        }
        return -1;
    }
}
