package dev.kstack.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Storage semantics against a real etcd (Debian's binary) started on a free loopback port. */
class EtcdStoreTest {
    @TempDir
    static Path dir;
    private static EtcdProcess etcd;
    private static EtcdStore store;

    @BeforeAll
    static void start() {
        etcd = EtcdProcess.start(EtcdProcess.defaultBinary(), dir.resolve("etcd"));
        store = new EtcdStore(List.of(etcd.endpoint()), "/test/stacks");
    }

    @AfterAll
    static void stop() {
        store.close();
        etcd.close();
    }

    @Test
    void createRefusesAnExistingKeyAndUpdatesAreCompareAndSwap() {
        long created = store.create("ns1", "a", "{\"v\":1}");
        assertThatThrownBy(() -> store.create("ns1", "a", "{}"))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.ALREADY_EXISTS));
        long updated = store.update("ns1", "a", "{\"v\":2}", created);
        assertThat(updated).isGreaterThan(created);
        assertThatThrownBy(() -> store.update("ns1", "a", "{\"v\":3}", created))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CONFLICT));
        assertThat(store.get("ns1", "a")).get().satisfies(e -> {
            assertThat(e.json()).isEqualTo("{\"v\":2}");
            assertThat(e.modRevision()).isEqualTo(updated);
        });
        assertThatThrownBy(() -> store.delete("ns1", "a", created))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CONFLICT));
        store.delete("ns1", "a", updated);
        assertThat(store.get("ns1", "a")).isEmpty();
        assertThatThrownBy(() -> store.update("ns1", "a", "{}", updated))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.NOT_FOUND));
    }

    @Test
    void pagedListsReadOneSnapshotAndStayInTheirNamespace() {
        for (String name : List.of("p1", "p2", "p3")) {
            store.create("paging", name, "{}");
        }
        store.create("paging-other", "x", "{}");
        EtcdStore.Page first = store.list("paging", null, 2, 0);
        assertThat(first.items()).extracting(EtcdStore.Entry::name).containsExactly("p1", "p2");
        assertThat(first.remaining()).isEqualTo(1);
        store.create("paging", "p4", "{}"); // after the snapshot: not in the next page
        EtcdStore.Page second = store.list("paging", first.lastKey(), 2, first.revision());
        assertThat(second.items()).extracting(EtcdStore.Entry::name).containsExactly("p3");
        assertThat(second.lastKey()).isNull();
        assertThat(store.list("paging", null, 0, 0).items()).hasSize(4);
    }

    @Test
    void aWatchDeliversChangesAfterARevisionAndExpiresOnceCompacted() throws InterruptedException {
        long start = store.create("watching", "w", "{\"v\":1}");
        long second = store.update("watching", "w", "{\"v\":2}", start);
        BlockingQueue<Object> seen = new LinkedBlockingQueue<>();
        EtcdStore.WatchListener listener = new EtcdStore.WatchListener() {
            @Override
            public void onEvent(EtcdStore.Event event) {
                seen.add(event.type() + " " + event.entry().json() + " " + event.entry().modRevision());
            }

            @Override
            public void onError(StoreException error) {
                seen.add(error.kind());
            }
        };
        try (AutoCloseable watch = store.watch("watching", start, listener)) {
            assertThat(seen.poll(20, TimeUnit.SECONDS)).isEqualTo("MODIFIED {\"v\":2} " + second);
            long deleted = store.delete("watching", "w", second);
            assertThat(seen.poll(20, TimeUnit.SECONDS)).isEqualTo("DELETED {\"v\":2} " + deleted);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        store.compact(store.currentRevision());
        seen.clear();
        try (AutoCloseable watch = store.watch("watching", start, listener)) {
            assertThat(seen.poll(20, TimeUnit.SECONDS)).isEqualTo(StoreException.Kind.EXPIRED);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void restartingEtcdKeepsTheStacks() {
        long revision = store.create("restart", "kept", "{\"kept\":true}");
        etcd.restart();
        assertThat(store.get("restart", "kept")).get().satisfies(e -> {
            assertThat(e.json()).isEqualTo("{\"kept\":true}");
            assertThat(e.modRevision()).isEqualTo(revision);
        });
    }
}
