package dev.kstack.cli;

import dev.kstack.server.StackCrd;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code kstack uninstall} does to the Stack CRD when it keeps the stacks (CRD mode): while kstack's server still
 * answers, every stored Stack is written back once through the API (a no-op update, so kube-apiserver stores it in the
 * storage version), then the CRD is applied without its conversion webhook and with only the storage version served
 * ({@link StackCrd#storageOnly()}, written as a replace of the live CRD). Nothing registered points at the stopped server afterwards: reads, and
 * kube-controller-manager's garbage collector and quota controller, keep working. {@code kstack install} applies the
 * full CRD again with the same field manager.
 */
final class CrdParking {
    private final KubernetesClient client;

    CrdParking(KubernetesClient client) {
        this.client = client;
    }

    /** Rewrites the stacks and parks the CRD; returns one line per step (and per stack that could not be rewritten). */
    List<String> park() {
        List<String> lines = new ArrayList<>();
        if (client.apiextensions().v1().customResourceDefinitions().withName(StackCrd.NAME).get() == null) {
            return lines;
        }
        StackStore store = new StackStore(client);
        int rewritten = 0;
        for (GenericKubernetesResource stack : store.api().inAnyNamespace().list().getItems()) {
            String name = stack.getMetadata().getNamespace() + "/" + stack.getMetadata().getName();
            try {
                rewrite(store, stack);
                rewritten++;
            } catch (KubernetesClientException e) {
                lines.add("warning: stack " + name + " not rewritten in " + StackCrd.storageVersion() + " ("
                        + KubeErrors.describe(e) + "); it stays readable as it is stored");
            }
        }
        lines.add(rewritten + " stacks rewritten in the storage version " + StackCrd.storageVersion());
        // A replace, not an apply: kube-apiserver defaults fields inside the webhook's clientConfig (a Service's
        // port) that no field manager owns, so an apply without the webhook would keep them and be refused.
        CustomResourceDefinition parked = StackCrd.storageOnly();
        CustomResourceDefinition live = client.apiextensions().v1().customResourceDefinitions()
                .withName(StackCrd.NAME).get();
        live.getSpec().setConversion(parked.getSpec().getConversion());
        live.getSpec().setVersions(parked.getSpec().getVersions());
        client.resource(live).update();
        lines.add("customresourcedefinition/" + StackCrd.NAME + " kept: conversion webhook removed, only "
                + StackCrd.storageVersion() + " served ('kstack install' serves every version again)");
        return lines;
    }

    private static void rewrite(StackStore store, GenericKubernetesResource stack) {
        GenericKubernetesResource live = stack;
        for (int attempt = 1; ; attempt++) {
            try {
                store.api().inNamespace(live.getMetadata().getNamespace()).resource(live).update();
                return;
            } catch (KubernetesClientException e) {
                if (!KubeErrors.conflict(e) || attempt >= 5) {
                    throw e;
                }
                live = store.api().inNamespace(live.getMetadata().getNamespace())
                        .withName(live.getMetadata().getName()).get();
                if (live == null) {
                    return;
                }
            }
        }
    }
}
