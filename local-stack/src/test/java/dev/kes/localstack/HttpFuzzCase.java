package dev.kes.localstack;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One generated request and what it may be answered with. Target and header values are "wire strings": each char is
 * one byte on the wire (ISO-8859-1), so raw UTF-8, invalid UTF-8 and control bytes can be sent as they are.
 *
 * @param route    the route template it aims at (coverage is counted per route)
 * @param withToken whether the valid bearer token is added (bad-Authorization cases send their own or none)
 */
record HttpFuzzCase(
        String generator,
        Service service,
        String route,
        String method,
        String target,
        List<String[]> headers,
        byte[] body,
        boolean withToken,
        Expect expect) {

    enum Service {
        COMMANDS,
        QUERIES
    }

    /**
     * REFUSED: the input is invalid, the answer must be a 4xx problem. ANSWERED: the input may well be valid (a
     * harmless odd header on a query, junk on a health check), any 2xx, 3xx or 4xx will do; never a 5xx either way.
     */
    enum Expect {
        REFUSED,
        ANSWERED
    }

    HttpFuzzCase {
        headers = List.copyOf(headers);
    }

    HttpFuzzCase withTarget(final String other) {
        return new HttpFuzzCase(generator, service, route, method, other, headers, body, withToken, expect);
    }

    HttpFuzzCase expecting(final Expect other) {
        return new HttpFuzzCase(generator, service, route, method, target, headers, body, withToken, other);
    }

    /** The request on the wire, one per connection. */
    byte[] wire(final String token) {
        final StringBuilder head = new StringBuilder()
                .append(method)
                .append(' ')
                .append(target)
                .append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\n");
        if (withToken) {
            head.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        boolean framed = false;
        for (final String[] header : headers) {
            head.append(header[0]).append(": ").append(header[1]).append("\r\n");
            framed |= header[0].toLowerCase(Locale.ROOT).equals("transfer-encoding");
        }
        if (body != null && !framed) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    /** For failure messages: long and unprintable parts shortened and escaped. */
    String describe() {
        final List<String> names = new ArrayList<>();
        headers.forEach(h -> names.add(h[0] + ": " + HttpFuzzInputs.printable(h[1], 60)));
        return generator + " " + service + " " + method + " " + HttpFuzzInputs.printable(target, 160)
                + (withToken ? "" : " (no token)") + " " + names + " body="
                + (body == null
                        ? "none"
                        : HttpFuzzInputs.printable(new String(body, StandardCharsets.ISO_8859_1), 160));
    }
}
