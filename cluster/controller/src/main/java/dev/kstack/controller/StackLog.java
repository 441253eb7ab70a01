package dev.kstack.controller;

import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * Logging for one reconcile: puts {@code stack.namespace} and {@code stack.name} into the MDC (for backends that print
 * it) and also prefixes each message with {@code namespace/name}, so the line names its stack with any backend.
 */
final class StackLog implements AutoCloseable {
    static final String MDC_NAMESPACE = "stack.namespace";
    static final String MDC_NAME = "stack.name";

    private final Logger log;
    private final String prefix;

    private StackLog(Logger log, StackKey key) {
        this.log = log;
        this.prefix = "[" + key + "] ";
    }

    /** Opens the logging scope of a reconcile of {@code key} on this thread; close it when done. */
    static StackLog open(Logger log, StackKey key) {
        MDC.put(MDC_NAMESPACE, key.namespace());
        MDC.put(MDC_NAME, key.name());
        return new StackLog(log, key);
    }

    void info(String format, Object... args) {
        log.info(prefix + format, args);
    }

    void debug(String format, Object... args) {
        log.debug(prefix + format, args);
    }

    void warn(String format, Object... args) {
        log.warn(prefix + format, args);
    }

    @Override
    public void close() {
        MDC.remove(MDC_NAMESPACE);
        MDC.remove(MDC_NAME);
    }
}
