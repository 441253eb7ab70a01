package dev.kstack.compose.yaml;

/** A scalar: its text as written (after interpolation, once interpolated) and the YAML 1.2 core-schema kind. */
public record YScalar(String text, Kind kind, Mark mark, YTag tag) implements YNode {

    /** The type the YAML 1.2 core schema gives a scalar. */
    public enum Kind { STRING, INT, FLOAT, BOOL, NULL }

    public static YScalar string(String text, Mark mark) {
        return new YScalar(text, Kind.STRING, mark, YTag.NONE);
    }

    public boolean isNull() {
        return kind == Kind.NULL;
    }

    public YScalar withText(String newText) {
        return new YScalar(newText, kind, mark, tag);
    }

    @Override
    public YScalar withTag(YTag newTag) {
        return new YScalar(text, kind, mark, newTag);
    }

    @Override
    public String describe() {
        return switch (kind) {
            case STRING -> "a string";
            case INT -> "an integer";
            case FLOAT -> "a number";
            case BOOL -> "a boolean";
            case NULL -> "null";
        };
    }
}
