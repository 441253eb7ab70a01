package dev.kstack.cli;

import java.time.Duration;

/** Entry point of the {@code kstack} command (also run as the kubectl plugin {@code kubectl stack}). */
public final class Main {
    /**
     * PBKDF2 rounds the JDK spends on each private key put into, and read back from, a PKCS#12 key store (10000 by
     * default). The Kubernetes client puts the kubeconfig's client key into an in-memory key store and reads it back
     * to build its key managers: about 170 ms of CPU at start-up for a key that is in memory in the clear anyway.
     * kstack writes no key store to disk, so no stored key is weakened by one round.
     */
    static final String PKCS12_KEY_ITERATIONS = "keystore.pkcs12.keyPbeIterationCount";

    private Main() {
    }

    public static void main(String[] args) {
        configureProcess();
        StartupWarmup.start(args);
        int exit = run(args);
        SharedVertx.close(Duration.ofSeconds(2));
        System.exit(exit);
    }

    /** Runs the command line and returns its exit code: 0 success, 1 failure, 2 bad usage or input. */
    public static int run(String... args) {
        configureProcess();
        return KstackCommand.commandLine(args).execute(args);
    }

    /** System properties every command runs with (also the class-data archive's training run). */
    static void configureProcess() {
        // The Stack API's newest version is an alpha version by name; the client should not warn about using it.
        System.setProperty("org.slf4j.simpleLogger.log.io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils",
                "error");
        if (System.getProperty(PKCS12_KEY_ITERATIONS) == null) {
            System.setProperty(PKCS12_KEY_ITERATIONS, "1");
        }
    }
}
