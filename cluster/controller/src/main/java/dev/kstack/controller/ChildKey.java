package dev.kstack.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** A child object of a stack by kind and name (its namespace is the stack's). */
public record ChildKey(String kind, String name) implements Comparable<ChildKey> {
    public static ChildKey of(HasMetadata o) {
        return new ChildKey(o.getKind(), o.getMetadata().getName());
    }

    @Override
    public int compareTo(ChildKey o) {
        int k = kind.compareTo(o.kind);
        return k != 0 ? k : name.compareTo(o.name);
    }

    @Override
    public String toString() {
        return kind + " \"" + name + "\"";
    }
}
