package dev.kstack.convert;

import dev.kstack.api.Problem;
import java.util.List;
import java.util.stream.Collectors;

/** The stack cannot be converted; each problem names its path ({@code services.web.volumes[0].source}). */
public final class InvalidStackException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<Problem> problems;

    public InvalidStackException(List<Problem> problems) {
        super(problems.stream().sorted().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = problems.stream().sorted().toList();
    }

    public List<Problem> problems() {
        return problems;
    }
}
