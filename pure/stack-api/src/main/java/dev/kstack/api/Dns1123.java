package dev.kstack.api;

import java.util.regex.Pattern;

/** The Kubernetes name rules: DNS-1123 labels (services, volumes) and subdomains (secrets, configs). */
public final class Dns1123 {
    public static final int LABEL_MAX = 63;
    public static final int SUBDOMAIN_MAX = 253;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern SUBDOMAIN = Pattern.compile(LABEL.pattern() + "(\\." + LABEL.pattern() + ")*");

    private Dns1123() {
    }

    public static boolean isLabel(String s) {
        return s.length() <= LABEL_MAX && LABEL.matcher(s).matches();
    }

    public static boolean isSubdomain(String s) {
        return s.length() <= SUBDOMAIN_MAX && SUBDOMAIN.matcher(s).matches();
    }

    /** Why {@code s} is not a DNS-1123 label of at most {@code max} characters, or "" when it is one. */
    public static String labelError(String s, int max) {
        if (s.isEmpty()) {
            return "must not be empty";
        }
        if (s.length() > max) {
            return "\"" + s + "\" is longer than " + max + " characters";
        }
        if (!LABEL.matcher(s).matches()) {
            return "\"" + s + "\" is not a valid DNS-1123 label: lower-case letters, digits and '-',"
                    + " starting and ending with a letter or digit";
        }
        return "";
    }

    /** Why {@code s} is not a DNS-1123 subdomain, or "" when it is one. */
    public static String subdomainError(String s) {
        if (s.isEmpty()) {
            return "must not be empty";
        }
        if (!isSubdomain(s)) {
            return "\"" + s + "\" is not a valid DNS-1123 subdomain: lower-case letters, digits, '-' and '.',"
                    + " at most " + SUBDOMAIN_MAX + " characters";
        }
        return "";
    }
}
