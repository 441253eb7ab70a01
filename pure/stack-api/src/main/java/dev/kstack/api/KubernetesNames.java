package dev.kstack.api;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Compose allows names that Kubernetes does not ({@code db_data}, {@code front_end}, {@code serviceA}). kstack
 * derives a valid Kubernetes name from each: lower case, {@code _} and other characters become {@code -}. Volume,
 * secret and config keys are only local names, so the derived name is all that is needed. Service names are host
 * names other services use: the Stack keeps the compose name, the objects get the derived one
 * ({@link #serviceObjectNames}), and the converter makes the compose name resolve inside the stack.
 */
public final class KubernetesNames {
    /** Kubernetes label values: the contract labels carry the compose service name. */
    private static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    private static final int HASH_LENGTH = 5;

    private KubernetesNames() {
    }

    /** The name as a DNS-1123 label if it can be made one by lower-casing and replacing characters; else as is. */
    public static String label(String name) {
        if (Dns1123.isLabel(name)) {
            return name;
        }
        String s = replaced(name, "[^a-z0-9-]", "^-+|-+$");
        return s.isEmpty() || s.length() > Dns1123.LABEL_MAX ? name : s;
    }

    /** The same for DNS-1123 subdomains (dots allowed). */
    public static String subdomain(String name) {
        if (Dns1123.isSubdomain(name)) {
            return name;
        }
        String s = replaced(name, "[^a-z0-9.-]", "^[-.]+|[-.]+$");
        return Dns1123.isSubdomain(s) ? s : name;
    }

    /** Whether {@code name} can be a Kubernetes label value (at most 63 characters). */
    public static boolean isLabelValue(String name) {
        return name.length() <= Dns1123.LABEL_MAX && LABEL_VALUE.matcher(name).matches();
    }

    /**
     * The Kubernetes name of each compose service, in the order given: a name that is a DNS-1123 label of at most
     * {@link StackValidation#SERVICE_NAME_MAX} characters keeps it; any other gets {@code label}'s derivation,
     * cut to that length, and a short hash of the compose name when the result is taken by another service.
     * The same names give the same result wherever it is computed (CLI, webhook, controller).
     */
    public static Map<String, String> serviceObjectNames(Collection<String> services) {
        Set<String> taken = new HashSet<>();
        services.stream().filter(KubernetesNames::isServiceObjectName).forEach(taken::add);
        Map<String, String> out = new HashMap<>();
        for (String s : services) {
            if (isServiceObjectName(s)) {
                out.put(s, s);
                continue;
            }
            String replaced = replaced(s, "[^a-z0-9-]", "^-+|-+$");
            String base = replaced.isEmpty() ? "service" : replaced;
            String name = cut(base, StackValidation.SERVICE_NAME_MAX);
            for (int i = 0; !taken.add(name); i++) {
                String hash = Sha256.hex((i == 0 ? s : s + "#" + i).getBytes(StandardCharsets.UTF_8));
                name = cut(base, StackValidation.SERVICE_NAME_MAX - HASH_LENGTH - 1) + "-"
                        + hash.substring(0, HASH_LENGTH);
            }
            out.put(s, name);
        }
        return Map.copyOf(out);
    }

    /** Whether a compose service name is also its Kubernetes name. */
    public static boolean isServiceObjectName(String service) {
        return Dns1123.labelError(service, StackValidation.SERVICE_NAME_MAX).isEmpty();
    }

    private static String replaced(String name, String invalid, String edges) {
        return name.toLowerCase(Locale.ROOT).replaceAll(invalid, "-").replaceAll(edges, "");
    }

    private static String cut(String name, int max) {
        return name.length() <= max ? name : name.substring(0, max).replaceAll("-+$", "");
    }
}
