package dev.kstack.compose.model;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record component whose compose syntax is more than its Java type says; the loader reads
 * (and the writer writes) the component accordingly. Documentation for readers of the model, too.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Syntax {
    Form value();

    /** The special syntaxes. */
    enum Form {
        /** A single string is accepted where a list is expected. */
        SINGLE_OR_LIST,
        /** A list of {@code id[=value]}, a single one, or a mapping of id to value (null: the id alone). */
        LIST_OR_MAP,
        /** A string is split into words the way a POSIX shell would; a list is taken as is. */
        SHELL_WORDS,
        /** A string is run by the container's shell: {@code [CMD-SHELL, string]}; a list is taken as is. */
        HEALTHCHECK_TEST,
        /** A list of {@code KEY=VALUE} or a mapping; {@code KEY} alone takes its value from the environment. */
        ENVIRONMENT,
        /** A list of {@code KEY=VALUE} or a mapping; {@code KEY} alone means an empty value. */
        KEY_VALUE,
        /** {@code host:ip}, {@code host=ip} or a mapping of host to address(es); normalized to {@code host=ip}. */
        EXTRA_HOSTS,
        /** The value of the mapping key this record was read from, not a key of its own. */
        MAP_KEY,
        /** Collects the {@code x-*} keys of the mapping. */
        EXTENSIONS,
        /** Any YAML value, kept as is (attributes carried for a later stage to warn about). */
        FREE_FORM,
        /** Set by the loader (never read from nor written to YAML): a fact about how the value came about. */
        LOADER
    }
}
