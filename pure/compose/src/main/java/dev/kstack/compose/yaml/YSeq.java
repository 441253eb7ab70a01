package dev.kstack.compose.yaml;

import java.util.List;

/** A sequence. */
public record YSeq(List<YNode> items, Mark mark, YTag tag) implements YNode {
    public YSeq {
        items = List.copyOf(items);
    }

    @Override
    public YSeq withTag(YTag newTag) {
        return new YSeq(items, mark, newTag);
    }

    @Override
    public String describe() {
        return "a sequence";
    }
}
