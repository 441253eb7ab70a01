package dev.kstack.convert;

import java.util.LinkedHashMap;
import java.util.Map;

/** The three labels of the contract, which every child object and pod template carries and selectors use. */
public final class StackLabels {
    public static final String STACK = "com.docker.stack.namespace";
    public static final String SERVICE_NAME = "com.docker.service.name";
    public static final String SERVICE_ID = "com.docker.service.id";

    private StackLabels() {
    }

    /** The labels of the service's objects, in the order Kubernetes prints them. */
    public static Map<String, String> of(String stack, String service) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(SERVICE_ID, stack + "-" + service);
        labels.put(SERVICE_NAME, service);
        labels.put(STACK, stack);
        return labels;
    }
}
