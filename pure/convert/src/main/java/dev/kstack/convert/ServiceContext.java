package dev.kstack.convert;

import dev.kstack.api.Problem;
import dev.kstack.api.ServiceConfig;
import dev.kstack.api.StackSpec;
import java.util.List;
import java.util.Map;

/**
 * Everything the mappers need for one service, and where they report warnings and problems. {@link #name()} is the
 * compose name (warnings, paths, labels), {@link #objectName()} the name of its Kubernetes objects.
 */
record ServiceContext(StackInput input, ServiceConfig service, ServiceNames names, Warnings warnings,
        List<Problem> problems) {
    String stack() {
        return input.name();
    }

    String namespace() {
        return input.namespace();
    }

    StackSpec spec() {
        return input.spec();
    }

    String name() {
        return service.name();
    }

    String objectName() {
        return names.objectName(service.name());
    }

    Map<String, String> labels() {
        return StackLabels.of(input.name(), service.name());
    }

    /** The compose path of a field of this service: {@code services.web.<field>}. */
    String path(String field) {
        return "services." + service.name() + "." + field;
    }

    void warn(String what) {
        warnings.service(service.name(), what);
    }

    void problem(String field, String message) {
        problems.add(new Problem(path(field), message));
    }
}
