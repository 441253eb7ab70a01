package dev.kstack.controller;

/** Identifies one Stack: the unit of work of the queue and of the logs ({@code namespace/name}). */
public record StackKey(String namespace, String name) {
    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
