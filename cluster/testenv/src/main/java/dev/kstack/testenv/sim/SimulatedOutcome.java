package dev.kstack.testenv.sim;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The final state a simulated pod reaches, chosen by the pod annotation {@value #ANNOTATION}. */
public enum SimulatedOutcome {
    /** Running and Ready (the default). */
    RUN("run"),
    /** Running, but the container keeps crashing: waiting CrashLoopBackOff, restart count growing. */
    CRASHLOOP("crashloop"),
    /** Pending, the image cannot be pulled: waiting ImagePullBackOff. */
    IMAGEPULLBACKOFF("imagepullbackoff"),
    /** Failed: the container exited with code 1. */
    FAIL("fail"),
    /** Succeeded: the container exited with code 0. */
    COMPLETE("complete"),
    /** Running, but the readiness probe fails. */
    UNREADY("unready");

    public static final String ANNOTATION = "kstack.dev/simulate";

    private static final Map<String, SimulatedOutcome> BY_VALUE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(o -> o.value, o -> o));

    private final String value;

    SimulatedOutcome(String value) {
        this.value = value;
    }

    /** The annotation value that selects this outcome. */
    public String value() {
        return value;
    }

    /** The outcome named by an annotation value (case-insensitive, surrounding blanks ignored). */
    public static Optional<SimulatedOutcome> parse(String annotationValue) {
        if (annotationValue == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_VALUE.get(annotationValue.strip().toLowerCase(Locale.ROOT)));
    }

    /** The outcome a pod asks for; {@link #RUN} when the annotation is absent or not understood. */
    public static SimulatedOutcome of(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String raw = annotations == null ? null : annotations.get(ANNOTATION);
        return parse(raw).orElse(RUN);
    }
}
