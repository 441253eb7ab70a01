package dev.kstack.apiserver;

/** A storage operation that did not happen, and why; {@link ApiException#of(StoreException)} maps it to a Status. */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the operation failed. */
    public enum Kind {
        NOT_FOUND, ALREADY_EXISTS, CONFLICT, EXPIRED, UNAVAILABLE
    }

    private final Kind kind;

    public StoreException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public StoreException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
