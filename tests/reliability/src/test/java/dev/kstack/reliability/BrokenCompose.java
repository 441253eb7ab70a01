package dev.kstack.reliability;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The corpus of broken compose files every entry point must refuse cleanly: each case is named after the kind of
 * breakage it holds. {@code positioned} says whether the loader can name a line and column (a file refused for its
 * size is refused before it is read, so its message names only the file).
 */
final class BrokenCompose {
    record Case(String name, byte[] content, boolean positioned) {
        /**
         * The servers name the project after the stack ({@code withProjectName}), so an invalid {@code name:} is
         * overridden there rather than refused.
         */
        boolean refusedByServers() {
            return !name.equals("invalid-project-name");
        }

        String text() {
            return new String(content, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return name + " (" + content.length + " bytes)";
        }
    }

    /** A size above the loader's 8 MiB limit, as the issue asks for. */
    static final int HUGE_BYTES = 20 * 1024 * 1024;

    private BrokenCompose() {
    }

    /** Every case, small enough to send to an API server (everything but the 20 MB file). */
    static List<Case> small() {
        List<Case> cases = new ArrayList<>();
        cases.add(text("malformed-yaml", "services:\n  web:\n    image: nginx\n   ports: [\"80:80\"\n"));
        cases.add(text("unclosed-flow", "services: {web: {image: nginx}\n"));
        cases.add(text("tab-indentation", "services:\n\tweb:\n\t\timage: nginx\n"));
        cases.add(text("alias-bomb", aliasBomb()));
        cases.add(text("recursive-alias", "x-loop: &a [*a]\nservices:\n  web:\n    image: nginx\n"));
        cases.add(text("deep-flow-nesting-70", "services:\n  web:\n    image: nginx\nx-deep: "
                + "[".repeat(70) + "]".repeat(70) + "\n"));
        cases.add(text("deep-block-nesting-66", deepBlocks(66)));
        cases.add(text("deep-flow-nesting-5000", "services:\n  web:\n    image: nginx\nx-deep: "
                + "[".repeat(5000) + "]".repeat(5000) + "\n"));
        cases.add(text("wrong-type-services-list", "services:\n  - web\n  - db\n"));
        cases.add(text("wrong-type-replicas", "services:\n  web:\n    image: nginx\n    deploy:\n"
                + "      replicas: many\n"));
        cases.add(text("wrong-type-ports", "services:\n  web:\n    image: nginx\n    ports: 80\n"));
        cases.add(text("wrong-type-environment", "services:\n  web:\n    image: nginx\n    environment: 12\n"));
        cases.add(text("unknown-key", "services:\n  web:\n    imag: nginx\n"));
        cases.add(text("unknown-top-level-key", "servces:\n  web:\n    image: nginx\n"));
        cases.add(text("dangling-depends-on", "services:\n  web:\n    image: nginx\n    depends_on: [db]\n"));
        cases.add(text("dangling-network", "services:\n  web:\n    image: nginx\n    networks: [back]\n"));
        cases.add(text("dangling-secret", "services:\n  web:\n    image: nginx\n    secrets: [token]\n"));
        cases.add(text("dangling-volume", "services:\n  web:\n    image: nginx\n    volumes: [\"data:/srv\"]\n"));
        cases.add(text("interpolation-required", "services:\n  web:\n    image: ${KSTACK_RELIABILITY_UNSET:?"
                + "the image must be set}\n"));
        cases.add(text("interpolation-unclosed", "services:\n  web:\n    image: nginx:${TAG\n"));
        cases.add(text("interpolation-bad-name", "services:\n  web:\n    image: nginx:${1TAG}\n"));
        cases.add(text("invalid-service-name", "services:\n  \"Web Server!\":\n    image: nginx\n"));
        cases.add(text("invalid-project-name", "name: \"My Project\"\nservices:\n  web:\n    image: nginx\n"));
        cases.add(text("duplicate-keys", "services:\n  web:\n    image: nginx\n    image: httpd\n"));
        cases.add(text("duplicate-services", "services:\n  web:\n    image: nginx\n  web:\n    image: httpd\n"));
        cases.add(text("custom-tag", "services:\n  web:\n    image: !vault nginx\n"));
        cases.add(text("no-services-scalar", "just a string\n"));
        cases.add(new Case("binary-garbage", garbage(4096, 9), true));
        cases.add(new Case("nul-bytes", "services:\n  web:\n    image: ngi\0nx\n".getBytes(StandardCharsets.UTF_8),
                true));
        cases.add(new Case("invalid-utf8", new byte[] {'s', 'e', 'r', 'v', ':', ' ', (byte) 0xC3, (byte) 0x28,
                (byte) 0xFF, '\n'}, true));
        return cases;
    }

    /** The small cases and the 20 MB file. */
    static List<Case> all() {
        List<Case> cases = new ArrayList<>(small());
        cases.add(huge());
        return cases;
    }

    static Case huge() {
        StringBuilder b = new StringBuilder(HUGE_BYTES + 64);
        b.append("services:\n  web:\n    image: nginx\n    environment:\n");
        int i = 0;
        while (b.length() < HUGE_BYTES) {
            b.append("      V").append(i++).append(": ").append("x".repeat(100)).append('\n');
        }
        return new Case("huge-20mb", b.toString().getBytes(StandardCharsets.UTF_8), false);
    }

    private static Case text(String name, String yaml) {
        return new Case(name, yaml.getBytes(StandardCharsets.UTF_8), true);
    }

    /** Ten levels of aliases, each naming the previous one ten times: 10^10 nodes when expanded. */
    private static String aliasBomb() {
        StringBuilder b = new StringBuilder("x-a0: &a0 [\"lol\"]\n");
        for (int level = 1; level <= 10; level++) {
            b.append("x-a").append(level).append(": &a").append(level).append(" [");
            for (int k = 0; k < 10; k++) {
                b.append(k == 0 ? "" : ", ").append("*a").append(level - 1);
            }
            b.append("]\n");
        }
        return b.append("services:\n  web:\n    image: nginx\n").toString();
    }

    private static String deepBlocks(int depth) {
        StringBuilder b = new StringBuilder("services:\n  web:\n    image: nginx\nx-deep:\n");
        for (int level = 1; level <= depth; level++) {
            b.append("  ".repeat(level)).append("k").append(level).append(":\n");
        }
        b.append("  ".repeat(depth + 1)).append("end: true\n");
        return b.toString();
    }

    private static byte[] garbage(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
