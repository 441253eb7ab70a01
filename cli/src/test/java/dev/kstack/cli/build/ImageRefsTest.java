package dev.kstack.cli.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Where an image is pushed and the digest-pinned reference that is deployed. */
class ImageRefsTest {
    static final String DIGEST = "sha256:" + "ab".repeat(32);

    @ParameterizedTest(name = "[{index}] --registry {0}, image {1} -> {2}")
    @CsvSource({
        "127.0.0.1:5000, shop-web, 127.0.0.1:5000/shop-web",
        "127.0.0.1:5000/, shop-web, 127.0.0.1:5000/shop-web",
        "registry.example.com/team, web:1.2, registry.example.com/team/web:1.2",
        "127.0.0.1:5000, library/app, 127.0.0.1:5000/library/app",
        "127.0.0.1:5000, ghcr.io/me/app:2, ghcr.io/me/app:2",
        "127.0.0.1:5000, localhost/app, localhost/app",
        "127.0.0.1:5000, localhost:5001/app, localhost:5001/app",
        "'', quay.io/me/app, quay.io/me/app",
    })
    void pushTarget(String registry, String image, String expected) {
        assertThat(ImageRefs.pushTarget(registry, image)).isEqualTo(expected);
    }

    @Test
    void aNameWithoutRegistryNeedsOne() {
        assertThatThrownBy(() -> ImageRefs.pushTarget("", "shop-web")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({
        "127.0.0.1:5000/shop-web, 127.0.0.1:5000/shop-web",
        "127.0.0.1:5000/shop-web:latest, 127.0.0.1:5000/shop-web",
        "registry.example.com/team/web:1.2, registry.example.com/team/web",
        "localhost:5001/app:2@sha256:0123, localhost:5001/app",
    })
    void pinnedToTheDigestWithoutTheTag(String pushed, String repository) {
        assertThat(ImageRefs.pinned(pushed, DIGEST)).isEqualTo(repository + "@" + DIGEST);
    }

    @Test
    void aBadDigestIsRefused() {
        assertThatThrownBy(() -> ImageRefs.pinned("r/x", "sha256:abc")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDigestIsReadFromTheDockerPushOutputOrADigestFile() {
        String dockerPush = """
                The push refers to repository [127.0.0.1:37251/build-web]
                5f70bf18a086: Pushed
                latest: digest: %s size: 735
                """.formatted(DIGEST);
        assertThat(ImageRefs.digestIn(dockerPush)).contains(DIGEST);
        assertThat(ImageRefs.digestIn(DIGEST + "\n")).contains(DIGEST);
        assertThat(ImageRefs.digestIn("denied: requested access to the resource is denied")).isEmpty();
    }
}
