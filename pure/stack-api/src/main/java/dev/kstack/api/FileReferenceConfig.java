package dev.kstack.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A service's reference to a secret or config: {@code source} (the top-level name), {@code target}
 * (a file name or an absolute path), {@code uid}/{@code gid} (strings, as on the wire) and {@code mode}
 * (null when absent).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record FileReferenceConfig(String source, String target, String uid, String gid, Long mode) {
    public FileReferenceConfig {
        source = Values.string(source);
        target = Values.string(target);
        uid = Values.string(uid);
        gid = Values.string(gid);
    }

    public static FileReferenceConfig of(String source) {
        return new FileReferenceConfig(source, null, null, null, null);
    }
}
