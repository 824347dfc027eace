package org.spikecoder.sweep.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import org.spikecoder.SpikecoderException;

/**
 * A member's address as the other machines reach it: a host name or IP and a TCP port.
 *
 * @param host name or IP as given (IPv6 without its brackets)
 * @param port 1..65535
 */
public record HostPort(String host, int port) {

    /**
     * Parses "HOST:PORT" or "[IPv6]:PORT".
     *
     * @param option the option that gave it, for the one-line error (e.g. "--listen")
     * @throws SpikecoderException naming the option and the text when it is not HOST:PORT with a valid port
     */
    public static HostPort parse(String text, String option) {
        String t = text.strip();
        int colon = t.lastIndexOf(':');
        String host = colon > 0 ? t.substring(0, colon) : "";
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            host = ""; // a bare IPv6 address is ambiguous with its port
        }
        if (host.isBlank() || colon == t.length() - 1) {
            throw new SpikecoderException(option + " " + text + ": expected HOST:PORT, e.g. 10.0.0.5:5701");
        }
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new SpikecoderException(option + " " + text + ": the port must be a number, e.g. 10.0.0.5:5701");
        }
        if (port < 1 || port > 65535) {
            throw new SpikecoderException(option + " " + text + ": the port must be between 1 and 65535");
        }
        return new HostPort(host, port);
    }

    /** Parses a comma-separated list "H1:P1,H2:P2"; empty items are refused. */
    public static List<HostPort> parseList(String text, String option) {
        List<HostPort> list = new ArrayList<>();
        for (String item : text.split(",", -1)) {
            if (item.isBlank()) {
                throw new SpikecoderException(option + " " + text + ": expected H1:P1,H2:P2,... without empty items");
            }
            list.add(parse(item, option));
        }
        return List.copyOf(list);
    }

    /**
     * The IP address the host names, for binding and for Hazelcast's interface list, which takes no names.
     *
     * @throws SpikecoderException when the name does not resolve
     */
    public String resolvedIp(String option) {
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException e) {
            throw new SpikecoderException(option + " " + this + ": unknown host " + host);
        }
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
