package dev.kstack.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** Reading request bodies with a size limit, for both of kstack's HTTPS servers. */
public final class RequestBodies {
    /** How much of a refused body is still read and discarded, so that the client sees the answer. */
    static final long DRAIN_LIMIT = 64L * 1024 * 1024;

    private RequestBodies() {
    }

    /**
     * The body when it has at most {@code max} bytes; empty when it is larger. A larger body is read to its end (up to
     * {@value #DRAIN_LIMIT} bytes) and discarded before the caller answers 413: a server that answers and closes while
     * the client is still sending makes most clients see a reset connection instead of the answer.
     */
    public static Optional<byte[]> read(InputStream in, int max) throws IOException {
        byte[] bytes = in.readNBytes(max + 1);
        if (bytes.length <= max) {
            return Optional.of(bytes);
        }
        long drained = 0;
        byte[] sink = new byte[64 * 1024];
        for (int n; drained < DRAIN_LIMIT && (n = in.read(sink)) > 0; ) {
            drained += n;
        }
        return Optional.empty();
    }
}
