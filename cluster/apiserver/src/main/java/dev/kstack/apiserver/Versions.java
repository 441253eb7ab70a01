package dev.kstack.apiserver;

import dev.kstack.server.StackCrd;
import java.util.List;

/** The versions served, newest first (the order of discovery: the Docker CLI takes the first it knows). */
final class Versions {
    static final String V1ALPHA3 = StackCrd.V1ALPHA3;
    static final List<String> ALL = StackCrd.VERSIONS;

    private Versions() {
    }
}
