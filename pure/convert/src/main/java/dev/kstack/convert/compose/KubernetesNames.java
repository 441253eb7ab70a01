package dev.kstack.convert.compose;

import dev.kstack.api.Dns1123;
import java.util.Locale;

/**
 * Compose allows names that Kubernetes does not ({@code db_data}). For volumes, secrets and configs, whose
 * compose key is only a local name, kstack derives a valid Kubernetes name: lower case, {@code _} and other
 * characters become {@code -}. Service names are host names other services use, so they are never changed.
 */
final class KubernetesNames {
    private KubernetesNames() {
    }

    /** The name as a DNS-1123 label if it can be made one by lower-casing and replacing characters; else as is. */
    static String label(String name) {
        if (Dns1123.isLabel(name)) {
            return name;
        }
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("^-+|-+$", "");
        return s.isEmpty() || s.length() > Dns1123.LABEL_MAX ? name : s;
    }

    /** The same for DNS-1123 subdomains (dots allowed). */
    static String subdomain(String name) {
        if (Dns1123.isSubdomain(name)) {
            return name;
        }
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-").replaceAll("^[-.]+|[-.]+$", "");
        return Dns1123.isSubdomain(s) ? s : name;
    }
}
