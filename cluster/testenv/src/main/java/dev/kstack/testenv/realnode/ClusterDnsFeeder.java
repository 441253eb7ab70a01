package dev.kstack.testenv.realnode;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps dnsmasq's hosts file equal to {@link ClusterDnsRecords} of the informers' Services and Endpoints: every change
 * schedules one rewrite (changes arriving together are written once); the file is replaced atomically, and dnsmasq
 * rereads it on the rename.
 */
final class ClusterDnsFeeder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterDnsFeeder.class);

    private final KubernetesClient client;
    private final Path hostsFile;
    private final String domain;
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dns-records");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean pending = new AtomicBoolean();
    private SharedIndexInformer<Service> services;
    private SharedIndexInformer<Endpoints> endpoints;
    private String written = null;

    ClusterDnsFeeder(KubernetesClient client, Path hostsFile, String domain) {
        this.client = client;
        this.hostsFile = hostsFile;
        this.domain = domain;
    }

    ClusterDnsFeeder start() {
        services = client.services().inAnyNamespace().inform(handler(), 60_000L);
        endpoints = client.endpoints().inAnyNamespace().inform(handler(), 60_000L);
        schedule();
        return this;
    }

    private <T> io.fabric8.kubernetes.client.informers.ResourceEventHandler<T> handler() {
        return Informers.handler(o -> schedule(), o -> schedule());
    }

    private void schedule() {
        if (pending.compareAndSet(false, true)) {
            writer.schedule(this::write, 50, TimeUnit.MILLISECONDS);
        }
    }

    private void write() {
        pending.set(false);
        if (services == null || endpoints == null) {
            schedule();
            return;
        }
        String text = ClusterDnsRecords.hostsFile(services.getStore().list(), endpoints.getStore().list(), domain);
        if (text.equals(written)) {
            return;
        }
        try {
            // written beside the folder dnsmasq watches, then renamed into it: dnsmasq never reads half a file
            Path tmp = hostsFile.getParent().resolveSibling(hostsFile.getFileName() + ".tmp");
            Files.writeString(tmp, text);
            Files.move(tmp, hostsFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            written = text;
            LOG.info("cluster DNS: {} records", text.lines().count());
        } catch (IOException e) {
            LOG.warn("cannot write {}: {}", hostsFile, e.toString());
            writer.schedule(this::schedule, 1, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        if (services != null) {
            services.close();
        }
        if (endpoints != null) {
            endpoints.close();
        }
        writer.shutdownNow();
    }
}
