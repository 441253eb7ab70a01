package dev.kstack.convert;

import dev.kstack.api.LifecycleHookConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.LifecycleBuilder;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.LifecycleHandlerBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Compose lifecycle hooks on Kubernetes: each {@code pre_start} hook becomes an init container of the service's image
 * (in order, with the main container's mounts, environment and resources, so it can prepare a shared volume);
 * {@code post_start} and {@code pre_stop} become the container's exec handlers, several hooks one {@code sh -c}
 * script that runs them in order and stops at the first that fails.
 */
final class LifecycleHooks {
    private static final Pattern NUMERIC_USER = Pattern.compile("(\\d+)(?::(\\d+))?");
    private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

    private LifecycleHooks() {
    }

    /** The init containers of the {@code pre_start} hooks, made from the service's {@code main} container. */
    static List<Container> initContainers(ServiceContext ctx, Container main) {
        List<Container> out = new ArrayList<>();
        List<LifecycleHookConfig> hooks = ctx.service().preStart();
        for (int i = 0; i < hooks.size(); i++) {
            LifecycleHookConfig h = hooks.get(i);
            String field = "pre_start[" + i + "]";
            if (h.command().isEmpty()) {
                ctx.warn(field + " has no command and is ignored");
                continue;
            }
            out.add(new ContainerBuilder()
                    .withName(ctx.objectName() + "-pre-start-" + i)
                    .withImage(main.getImage())
                    .withImagePullPolicy(main.getImagePullPolicy())
                    .withCommand(DollarEscaping.escape(h.command()))
                    .withEnv(env(ctx, main.getEnv(), h, field))
                    .withWorkingDir(h.workingDir().isEmpty() ? main.getWorkingDir() : h.workingDir())
                    .withSecurityContext(securityContext(ctx, main.getSecurityContext(), h, field))
                    .withResources(main.getResources())
                    .withVolumeMounts(main.getVolumeMounts())
                    .build());
        }
        return out;
    }

    /** The container's {@code lifecycle}, or null when the service has neither {@code post_start} nor {@code pre_stop}. */
    static Lifecycle lifecycle(ServiceContext ctx) {
        LifecycleHandler postStart = handler(ctx, "post_start", "postStart", ctx.service().postStart());
        LifecycleHandler preStop = handler(ctx, "pre_stop", "preStop", ctx.service().preStop());
        if (postStart == null && preStop == null) {
            return null;
        }
        return new LifecycleBuilder().withPostStart(postStart).withPreStop(preStop).build();
    }

    private static LifecycleHandler handler(ServiceContext ctx, String field, String kubernetesName,
            List<LifecycleHookConfig> hooks) {
        List<LifecycleHookConfig> usable = new ArrayList<>();
        for (int i = 0; i < hooks.size(); i++) {
            LifecycleHookConfig h = hooks.get(i);
            String path = field + "[" + i + "]";
            if (h.command().isEmpty()) {
                ctx.warn(path + " has no command and is ignored");
                continue;
            }
            if (!h.user().isEmpty()) {
                ctx.warn(path + ".user is ignored (a Kubernetes " + kubernetesName
                        + " handler runs as the container's user)");
            }
            if (h.privileged()) {
                ctx.warn(path + ".privileged is ignored (a Kubernetes " + kubernetesName
                        + " handler has the container's privileges)");
            }
            usable.add(withoutUnsetVariables(ctx, path, h));
        }
        if (usable.isEmpty()) {
            return null;
        }
        LifecycleHookConfig only = usable.get(0);
        List<String> command = usable.size() == 1 && only.environment().isEmpty() && only.workingDir().isEmpty()
                ? only.command()
                : List.of("sh", "-c", usable.stream().map(LifecycleHooks::shellStep).collect(Collectors.joining(" && ")));
        return new LifecycleHandlerBuilder().withNewExec().withCommand(command).endExec().build();
    }

    /** One hook as a shell step: {@code (cd DIR && env K=V command args)}, each word quoted where it needs it. */
    private static String shellStep(LifecycleHookConfig h) {
        StringBuilder b = new StringBuilder("(");
        if (!h.workingDir().isEmpty()) {
            b.append("cd ").append(quote(h.workingDir())).append(" && ");
        }
        if (!h.environment().isEmpty()) {
            b.append("env ");
            h.environment().forEach((k, v) -> b.append(quote(k + "=" + v)).append(' '));
        }
        b.append(h.command().stream().map(LifecycleHooks::quote).collect(Collectors.joining(" ")));
        return b.append(')').toString();
    }

    static String quote(String word) {
        return PLAIN_WORD.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    private static LifecycleHookConfig withoutUnsetVariables(ServiceContext ctx, String path, LifecycleHookConfig h) {
        Map<String, String> env = new LinkedHashMap<>();
        h.environment().forEach((k, v) -> {
            if (v == null) {
                ctx.warn(path + ": environment variable " + k + " has no value and is left out");
            } else {
                env.put(k, v);
            }
        });
        return new LifecycleHookConfig(h.command(), h.user(), h.privileged(), h.workingDir(), env);
    }

    /** The main container's variables, then the hook's (which win). */
    private static List<EnvVar> env(ServiceContext ctx, List<EnvVar> main, LifecycleHookConfig h, String field) {
        Map<String, EnvVar> out = new LinkedHashMap<>();
        main.forEach(e -> out.put(e.getName(), e));
        ContainerMapper.envVars(ctx, field + ": ", h.environment()).forEach(e -> out.put(e.getName(), e));
        return List.copyOf(out.values());
    }

    /** The main container's context with the hook's user (numeric) and privilege; null when nothing is set. */
    private static SecurityContext securityContext(ServiceContext ctx, SecurityContext main, LifecycleHookConfig h,
            String field) {
        SecurityContextBuilder b = main == null ? new SecurityContextBuilder() : new SecurityContextBuilder(main);
        b.withPrivileged(h.privileged() ? Boolean.TRUE : null);
        if (!h.user().isEmpty()) {
            Matcher m = NUMERIC_USER.matcher(h.user());
            if (m.matches()) {
                b.withRunAsUser(Long.valueOf(m.group(1)));
                if (m.group(2) != null) {
                    b.withRunAsGroup(Long.valueOf(m.group(2)));
                }
            } else {
                ctx.warn(field + ".user \"" + h.user() + "\" is ignored (Kubernetes needs a numeric uid[:gid])");
            }
        }
        SecurityContext built = b.build();
        return built.equals(new SecurityContext()) ? null : built;
    }
}
