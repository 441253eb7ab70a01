package dev.kstack.cli.build;

import java.util.Locale;

/** The image builders {@code kstack build} can drive, in the order it looks for them. */
public enum Builder {
    DOCKER, BUILDAH, PODMAN;

    /** The name of its executable, also how {@code --builder} spells it. */
    public String command() {
        return name().toLowerCase(Locale.ROOT);
    }
}
