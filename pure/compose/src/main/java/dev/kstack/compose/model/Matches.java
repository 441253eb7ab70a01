package dev.kstack.compose.model;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A string attribute whose whole value must match {@link #value()}; {@link #expected()} says so to a user. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Matches {
    /** A regular expression the whole value must match. */
    String value();

    /** The accepted values in words, for the error message. */
    String expected();
}
