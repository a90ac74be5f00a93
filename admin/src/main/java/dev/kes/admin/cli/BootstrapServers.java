package dev.kes.admin.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks bootstrap.servers before any client is built: Kafka's clients reject a server without port or a list where
 * no host resolves only with "Failed to construct kafka consumer", and the reason in a log line.
 */
final class BootstrapServers {
    /** HOST:PORT, the host possibly an IPv6 address in brackets, as Kafka's clients parse it. */
    private static final Pattern HOST_PORT = Pattern.compile("\\[?([0-9a-zA-Z\\-%._:]+)\\]?:([0-9]+)");

    /** What {@link #check} found: servers that do not resolve, when at least one other does. */
    record Checked(List<String> unresolved) {}

    private BootstrapServers() {}

    /**
     * @param servers comma-separated HOST:PORT list
     * @throws IllegalArgumentException naming the entry and the reason, when an entry is not HOST:PORT or no host
     *                                  resolves
     */
    static Checked check(final String servers) {
        final List<String> entries = Arrays.stream(servers.split(","))
                .map(String::strip)
                .filter(entry -> !entry.isEmpty())
                .toList();
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("no server given; use HOST:PORT[,HOST:PORT…]");
        }
        final List<String> unresolved = new ArrayList<>();
        String reason = null;
        for (final String entry : entries) {
            final Matcher hostPort = HOST_PORT.matcher(entry);
            if (!hostPort.matches()) {
                throw new IllegalArgumentException("'" + entry + "' is not HOST:PORT");
            }
            final int port = Integer.parseInt(hostPort.group(2).length() > 5 ? "0" : hostPort.group(2));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("'" + entry + "': the port must be 1 to 65535");
            }
            try {
                InetAddress.getAllByName(hostPort.group(1));
            } catch (UnknownHostException e) {
                unresolved.add(entry);
                reason = "cannot resolve " + hostPort.group(1) + " (" + e.getMessage() + ")";
            }
        }
        if (unresolved.size() == entries.size()) {
            throw new IllegalArgumentException(
                    entries.size() == 1
                            ? reason
                            : "no server resolves: " + String.join(", ", unresolved) + "; the last: " + reason);
        }
        return new Checked(List.copyOf(unresolved));
    }
}
