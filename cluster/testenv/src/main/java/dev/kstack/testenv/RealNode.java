package dev.kstack.testenv;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a test class that uses {@link LocalClusterExtension}: the class gets the local cluster with one real node
 * ({@code bin/local-cluster up --real}: containers really run) instead of the simulated nodes. One such cluster
 * starts per test run and is shared by every class that asks for it; only one can run on a machine at a time.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Inherited
public @interface RealNode {
}
