package dev.kstack.testenv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** Writes kubeconfig files (certificates embedded, so a kubeconfig can be copied alone). */
public final class Kubeconfigs {
    private Kubeconfigs() {
    }

    public static void writeCertificateUser(Path file, String cluster, URI server, Path ca, Path crt, Path key, String user) {
        write(file, cluster, server, ca, user, "    client-certificate-data: " + b64(crt) + "\n    client-key-data: " + b64(key) + "\n");
    }

    public static void writeTokenUser(Path file, String cluster, URI server, Path ca, String token, String user) {
        write(file, cluster, server, ca, user, "    token: " + token + "\n");
    }

    private static void write(Path file, String cluster, URI server, Path ca, String user, String credentials) {
        String yaml = "apiVersion: v1\n"
                + "kind: Config\n"
                + "clusters:\n"
                + "- name: " + cluster + "\n"
                + "  cluster:\n"
                + "    server: " + server + "\n"
                + "    certificate-authority-data: " + b64(ca) + "\n"
                + "users:\n"
                + "- name: " + user + "\n"
                + "  user:\n"
                + credentials
                + "contexts:\n"
                + "- name: " + cluster + "\n"
                + "  context:\n"
                + "    cluster: " + cluster + "\n"
                + "    user: " + user + "\n"
                + "    namespace: default\n"
                + "current-context: " + cluster + "\n";
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, yaml);
            Pki.restrictToOwner(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String b64(Path p) {
        try {
            return Base64.getEncoder().encodeToString(Files.readString(p).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
