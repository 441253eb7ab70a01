package dev.kstack.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ContentDigestsTest {
    @Test
    void roundTripsThroughTheAnnotation() {
        ContentDigests d = new ContentDigests(Map.of("db-password", "ab12"), Map.of("nginx-conf", "cd34"));
        assertThat(d.toJson()).isEqualTo("{\"secrets\":{\"db-password\":\"ab12\"},\"configs\":{\"nginx-conf\":\"cd34\"}}");
        assertThat(ContentDigests.from(Map.of(ContentDigests.ANNOTATION, d.toJson()))).isEqualTo(d);
    }

    @Test
    void absentOrUnreadableAnnotationsMeanNoDigests() {
        assertThat(ContentDigests.from(Map.of())).isEqualTo(ContentDigests.NONE);
        assertThat(ContentDigests.from(Map.of(ContentDigests.ANNOTATION, "{not json"))).isEqualTo(ContentDigests.NONE);
        assertThat(ContentDigests.from(Map.of(ContentDigests.ANNOTATION, "{\"secrets\":{\"a\":\"1\"},\"x\":2}")).secrets())
                .containsEntry("a", "1");
    }
}
