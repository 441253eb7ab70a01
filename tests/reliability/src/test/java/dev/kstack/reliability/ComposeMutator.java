package dev.kstack.reliability;

import java.util.List;
import java.util.Random;

/**
 * A seeded mutator of compose text: each call applies one to four edits chosen from byte-level changes (flip,
 * delete, duplicate a span) and compose-aware ones (insert a YAML or compose token, splice a line from another
 * file of the corpus, change indentation). The same seed gives the same inputs.
 */
final class ComposeMutator {
    private static final List<String> TOKENS = List.of(":", ": ", "-", "- ", "[", "]", "{", "}", ",", "\n", "\t",
            "  ", "&a ", "*a", "<<: *a", "!reset ", "!override ", "!!str ", "!!binary ", "? ", "|", ">-", "'", "\"",
            "#", "%YAML 1.2\n---\n", "---\n", "...\n", "${", "${X:-", "${X:?err}", "$$", "$", "}", "\\", "\u0000",
            "\uFEFF", "\u00e9", "\ud83d\ude00", "~", "null", "true", "0x1F", "0o17", "1e309", "-1", "99999999999999999999",
            "services:", "image: x", "ports:", "- \"80:80\"", "- 8080-8081:80-81/udp", "volumes:", "- ./a:/b:ro",
            "depends_on:", "condition: service_healthy", "deploy:", "replicas: ", "resources:", "limits:",
            "cpus: ", "memory: ", "networks:", "secrets:", "configs:", "external: true", "extends:", "service: ",
            "healthcheck:", "test: [CMD, true]", "interval: 1m30s", "x-", "build: .", "profiles: [p]",
            "environment:", "- A=B", "labels:", "command: ", "entrypoint: ", "include:", "env_file: .env",
            "network_mode: service:x", "links: [x:y]", "ulimits:", "nofile: {soft: 1, hard: 0}", "mem_limit: 1gb");

    private final Random random;
    private final List<String> corpus;

    ComposeMutator(long seed, List<String> corpus) {
        this.random = new Random(seed);
        this.corpus = corpus;
    }

    String next() {
        StringBuilder b = new StringBuilder(corpus.get(random.nextInt(corpus.size())));
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits; i++) {
            mutate(b);
        }
        return b.toString();
    }

    private void mutate(StringBuilder b) {
        int at = b.length() == 0 ? 0 : random.nextInt(b.length());
        switch (random.nextInt(8)) {
            case 0 -> {
                if (b.length() > 0) {
                    b.setCharAt(at, (char) (b.charAt(at) ^ (1 << random.nextInt(7))));
                }
            }
            case 1 -> b.delete(at, Math.min(b.length(), at + 1 + random.nextInt(40)));
            case 2 -> {
                int end = Math.min(b.length(), at + 1 + random.nextInt(200));
                b.insert(random.nextInt(b.length() + 1), b.substring(at, end));
            }
            case 3, 4 -> b.insert(at, TOKENS.get(random.nextInt(TOKENS.size())));
            case 5 -> {
                String[] lines = corpus.get(random.nextInt(corpus.size())).split("\n");
                b.insert(lineStart(b, at), lines[random.nextInt(lines.length)] + "\n");
            }
            case 6 -> b.insert(lineStart(b, at), "  ".repeat(1 + random.nextInt(3)));
            default -> {
                int start = lineStart(b, at);
                int end = b.indexOf("\n", at);
                b.delete(start, end < 0 ? b.length() : end + 1);
            }
        }
    }

    private static int lineStart(StringBuilder b, int at) {
        int nl = b.lastIndexOf("\n", Math.max(0, at - 1));
        return nl < 0 ? 0 : nl + 1;
    }
}
