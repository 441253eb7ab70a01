package dev.kstack.compose.model;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The only values a string attribute accepts; {@link #aliases()} are other values Compose accepts there, each read as
 * one of the values with a note ({@code "unless-stopped=any"}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface OneOf {
    String[] value();

    /** {@code alias=value} pairs. */
    String[] aliases() default {};
}
