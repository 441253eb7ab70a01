package dev.kstack.api;

/** One thing wrong with a stack: where ({@code services.web.ports[0].protocol}) and what was expected. */
public record Problem(String path, String message) implements Comparable<Problem> {
    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }

    @Override
    public int compareTo(Problem o) {
        return toString().compareTo(o.toString());
    }
}
