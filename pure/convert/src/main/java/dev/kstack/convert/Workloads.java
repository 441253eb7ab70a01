package dev.kstack.convert;

import dev.kstack.api.DeployConfig;
import dev.kstack.api.Dns1123;
import dev.kstack.api.UpdateConfig;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The workload of a service, named as the service: a DaemonSet for {@code deploy.mode: global}, a StatefulSet
 * when it mounts a named volume of the stack (one claim per replica), else a Deployment.
 * {@code update_config} becomes the rolling update: parallelism is how many pods change at once
 * ({@code 0} = all), {@code order: start-first} surges instead of stopping first, {@code delay} becomes
 * {@code minReadySeconds}.
 */
final class Workloads {
    static final int REVISION_HISTORY = 3;
    /** A label value, and the name part of a label key: at most 63 characters. */
    private static final Pattern LABEL_NAME = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");

    private Workloads() {
    }

    static HasMetadata of(ServiceContext ctx) {
        PodVolumes.Result volumes = PodVolumes.of(ctx);
        PodTemplateSpec template = PodTemplates.of(ctx, volumes);
        ObjectMeta meta = metadata(ctx);
        DeployConfig deploy = ctx.service().deploy();
        UpdateConfig update = deploy.updateConfig();
        warnUpdate(ctx, update);
        Integer minReady = update == null || update.delay() == null ? null : Durations.seconds(update.delay(), 0, 0);
        if (deploy.global()) {
            if (deploy.replicas() != null) {
                ctx.warn("deploy.replicas is ignored for a global service");
            }
            DaemonSetBuilder b = new DaemonSetBuilder().withMetadata(meta).withNewSpec()
                    .withNewSelector().withMatchLabels(ctx.labels()).endSelector()
                    .withTemplate(template).withMinReadySeconds(minReady)
                    .withRevisionHistoryLimit(REVISION_HISTORY).endSpec();
            if (update != null && update.parallelism() != null) {
                b.editSpec().withNewUpdateStrategy().withType("RollingUpdate").withNewRollingUpdate()
                        .withMaxUnavailable(batch(update.parallelism())).endRollingUpdate().endUpdateStrategy()
                        .endSpec();
            }
            return b.build();
        }
        int replicas = deploy.replicas() == null ? 1 : (int) Math.min(Integer.MAX_VALUE, deploy.replicas());
        if (PodVolumes.needsClaims(ctx)) {
            if (update != null && "start-first".equals(update.order())) {
                ctx.warn("update_config.order start-first is not honoured by a StatefulSet");
            }
            StatefulSetBuilder b = new StatefulSetBuilder().withMetadata(meta).withNewSpec()
                    .withReplicas(replicas).withServiceName(ctx.objectName()).withPodManagementPolicy("Parallel")
                    .withNewSelector().withMatchLabels(ctx.labels()).endSelector()
                    .withTemplate(template).withVolumeClaimTemplates(volumes.claims()).withMinReadySeconds(minReady)
                    .withRevisionHistoryLimit(REVISION_HISTORY).endSpec();
            if (update != null && update.parallelism() != null && update.parallelism() != 1) {
                ctx.warn("update_config.parallelism is not honoured by a StatefulSet (one pod at a time)");
            }
            return b.build();
        }
        return new DeploymentBuilder().withMetadata(meta).withNewSpec()
                .withReplicas(replicas)
                .withNewSelector().withMatchLabels(ctx.labels()).endSelector()
                .withTemplate(template)
                .withStrategy(strategy(update))
                .withMinReadySeconds(minReady)
                .withRevisionHistoryLimit(REVISION_HISTORY)
                .endSpec().build();
    }

    private static DeploymentStrategy strategy(UpdateConfig update) {
        if (update == null || (update.parallelism() == null && update.order().isEmpty())) {
            return null;
        }
        IntOrString n = batch(update.parallelism() == null ? 1 : update.parallelism());
        boolean startFirst = "start-first".equals(update.order());
        return new DeploymentStrategyBuilder().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxSurge(startFirst ? n : new IntOrString(0))
                .withMaxUnavailable(startFirst ? new IntOrString(0) : n)
                .endRollingUpdate().build();
    }

    private static IntOrString batch(long parallelism) {
        return parallelism == 0 ? new IntOrString("100%") : new IntOrString((int) Math.min(Integer.MAX_VALUE, parallelism));
    }

    private static void warnUpdate(ServiceContext ctx, UpdateConfig update) {
        if (update == null) {
            return;
        }
        if (update.monitor() != null) {
            ctx.warn("update_config.monitor is ignored");
        }
        if (!update.failureAction().isEmpty() && !update.failureAction().equals("pause")) {
            ctx.warn("update_config.failure_action " + update.failureAction()
                    + " is ignored (a failed rollout pauses)");
        }
    }

    private static boolean isLabelName(String s) {
        return s.length() <= Dns1123.LABEL_MAX && LABEL_NAME.matcher(s).matches();
    }

    /** {@code [prefix/]name}: the prefix a DNS-1123 subdomain, the name non-empty. */
    static boolean isLabelKey(String key) {
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        return !name.isEmpty() && isLabelName(name) && (slash < 0 || Dns1123.isSubdomain(key.substring(0, slash)));
    }

    /** Name, namespace, the contract labels plus valid {@code deploy.labels}. */
    private static ObjectMeta metadata(ServiceContext ctx) {
        Map<String, String> labels = new LinkedHashMap<>();
        new TreeMap<>(ctx.service().deploy().labels()).forEach((k, v) -> {
            if (isLabelKey(k) && isLabelName(v)) {
                labels.put(k, v);
            } else {
                ctx.warn("deploy.labels " + k + " is ignored (not a valid Kubernetes label)");
            }
        });
        labels.putAll(ctx.labels());
        return new ObjectMetaBuilder().withName(ctx.objectName())
                .withNamespace(ServiceObjects.blankToNull(ctx.namespace())).withLabels(labels).build();
    }
}
