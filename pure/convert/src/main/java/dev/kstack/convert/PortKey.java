package dev.kstack.convert;

import java.util.Locale;

/** A port number with its Kubernetes protocol ({@code TCP}, {@code UDP}, {@code SCTP}). */
record PortKey(int port, String protocol) implements Comparable<PortKey> {
    /** The Kubernetes protocol of a compose or wire protocol; {@code TCP} when absent. */
    static String protocol(String p) {
        return p == null || p.isEmpty() ? "TCP" : p.toUpperCase(Locale.ROOT);
    }

    static PortKey of(int port, String protocol) {
        return new PortKey(port, protocol(protocol));
    }

    /** The port name kstack uses on Services: {@code 33000-tcp}. */
    String name() {
        return port + "-" + protocol.toLowerCase(Locale.ROOT);
    }

    @Override
    public int compareTo(PortKey o) {
        return port != o.port ? Integer.compare(port, o.port) : protocol.compareTo(o.protocol);
    }
}
