package dev.kstack.apiserver;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Objects in etcd, one key per object: {@code <prefix>/<namespace>/<name>}, the value being the object's JSON. The
 * object's resourceVersion is the key's etcd mod revision; writes are compare-and-swap transactions on it, so two
 * writers that read the same version cannot both win. Lists are consistent snapshots at one etcd revision (paged
 * lists keep reading at the first page's revision); watches start after a given revision and fail with
 * {@link StoreException.Kind#EXPIRED} once etcd has compacted it away.
 */
public final class EtcdStore implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final Client client;
    private final KV kv;
    private final String prefix;

    /** One object as stored. */
    public record Entry(String namespace, String name, String json, long modRevision) {
    }

    /**
     * One page of a list.
     *
     * @param revision the etcd revision the list was read at
     * @param lastKey the key of the last item, to continue after; null when nothing follows
     * @param remaining how many objects follow this page (0 when none)
     */
    public record Page(List<Entry> items, long revision, String lastKey, long remaining) {
    }

    /** A change seen by a watch; for DELETED, {@code entry} is the object before deletion at the deletion revision. */
    public record Event(Type type, Entry entry) {
        public enum Type {
            ADDED, MODIFIED, DELETED
        }
    }

    /** Receives the events of a watch, in revision order, and at most one error (after which nothing follows). */
    public interface WatchListener {
        void onEvent(Event event);

        /** etcd has confirmed that every change up to {@code revision} was delivered. */
        default void onProgress(long revision) {
        }

        void onError(StoreException error);
    }

    public EtcdStore(List<String> endpoints, String prefix) {
        this.client = Client.builder().endpoints(endpoints.toArray(String[]::new)).build();
        this.kv = client.getKVClient();
        this.prefix = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }

    public String prefix() {
        return prefix;
    }

    public Optional<Entry> get(String namespace, String name) {
        GetResponse response = await(kv.get(bytes(key(namespace, name))));
        return response.getKvs().stream().findFirst().map(this::entry);
    }

    /** Stores a new object; its revision. */
    public long create(String namespace, String name, String json) {
        ByteSequence key = bytes(key(namespace, name));
        TxnResponse response = await(kv.txn()
                .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                .Then(Op.put(key, bytes(json), PutOption.DEFAULT))
                .commit());
        if (!response.isSucceeded()) {
            throw new StoreException(StoreException.Kind.ALREADY_EXISTS, namespace + "/" + name + " already exists");
        }
        return response.getPutResponses().get(0).getHeader().getRevision();
    }

    /** Replaces the object if it is still at {@code expectedRevision}; the new revision. */
    public long update(String namespace, String name, String json, long expectedRevision) {
        ByteSequence key = bytes(key(namespace, name));
        TxnResponse response = await(kv.txn()
                .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedRevision)))
                .Then(Op.put(key, bytes(json), PutOption.DEFAULT))
                .Else(Op.get(key, GetOption.DEFAULT))
                .commit());
        if (!response.isSucceeded()) {
            throw changedMeanwhile(namespace, name, response);
        }
        return response.getPutResponses().get(0).getHeader().getRevision();
    }

    /** Deletes the object if it is still at {@code expectedRevision}; the revision of the deletion. */
    public long delete(String namespace, String name, long expectedRevision) {
        ByteSequence key = bytes(key(namespace, name));
        TxnResponse response = await(kv.txn()
                .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedRevision)))
                .Then(Op.delete(key, DeleteOption.DEFAULT))
                .Else(Op.get(key, GetOption.DEFAULT))
                .commit());
        if (!response.isSucceeded()) {
            throw changedMeanwhile(namespace, name, response);
        }
        return response.getDeleteResponses().get(0).getHeader().getRevision();
    }

    private static StoreException changedMeanwhile(String namespace, String name, TxnResponse response) {
        boolean gone = response.getGetResponses().isEmpty() || response.getGetResponses().get(0).getKvs().isEmpty();
        return gone ? new StoreException(StoreException.Kind.NOT_FOUND, namespace + "/" + name + " not found")
                : new StoreException(StoreException.Kind.CONFLICT, namespace + "/" + name
                        + " has been modified; please apply your changes to the latest version and try again");
    }

    /**
     * Objects of a namespace (all namespaces when {@code namespace} is null), by key, after {@code afterKey} (null:
     * from the start), at most {@code limit} (0: all), read at {@code revision} (0: the latest).
     */
    public Page list(String namespace, String afterKey, long limit, long revision) {
        String rangePrefix = namespace == null ? prefix + "/" : prefix + "/" + namespace + "/";
        String start = afterKey == null ? rangePrefix : afterKey + "\0";
        if (!start.startsWith(rangePrefix)) {
            throw new IllegalArgumentException("the continue key is not in this list");
        }
        GetOption.Builder option = GetOption.builder().withRange(bytes(rangeEnd(rangePrefix)))
                .withSortField(GetOption.SortTarget.KEY).withSortOrder(GetOption.SortOrder.ASCEND);
        if (limit > 0) {
            option.withLimit(limit);
        }
        if (revision > 0) {
            option.withRevision(revision);
        }
        GetResponse response = await(kv.get(bytes(start), option.build()));
        List<Entry> items = new ArrayList<>();
        response.getKvs().forEach(kv -> items.add(entry(kv)));
        long remaining = response.isMore() ? Math.max(1, response.getCount() - items.size()) : 0;
        String lastKey = remaining > 0 && !items.isEmpty()
                ? response.getKvs().get(items.size() - 1).getKey().toString(StandardCharsets.UTF_8) : null;
        long readAt = revision > 0 ? revision : response.getHeader().getRevision();
        return new Page(items, readAt, lastKey, remaining);
    }

    /** The current etcd revision. */
    public long currentRevision() {
        return await(kv.get(bytes(prefix + "/"), GetOption.builder().withCountOnly(true).build()))
                .getHeader().getRevision();
    }

    /**
     * Watches a namespace (all when null) for changes after {@code afterRevision}. Close the returned handle to stop.
     */
    public AutoCloseable watch(String namespace, long afterRevision, WatchListener listener) {
        String rangePrefix = namespace == null ? prefix + "/" : prefix + "/" + namespace + "/";
        WatchOption option = WatchOption.builder().withRange(bytes(rangeEnd(rangePrefix)))
                .withRevision(afterRevision + 1).withPrevKV(true).withProgressNotify(true).build();
        Watch.Watcher watcher = client.getWatchClient().watch(bytes(rangePrefix), option, Watch.listener(response -> {
            if (response.getEvents().isEmpty()) {
                listener.onProgress(response.getHeader().getRevision());
            }
            for (WatchEvent event : response.getEvents()) {
                KeyValue kv = event.getKeyValue();
                if (event.getEventType() == WatchEvent.EventType.DELETE) {
                    Entry before = entry(event.getPrevKV());
                    listener.onEvent(new Event(Event.Type.DELETED, new Entry(before.namespace(), before.name(),
                            before.json(), kv.getModRevision())));
                } else if (event.getEventType() == WatchEvent.EventType.PUT) {
                    listener.onEvent(new Event(kv.getVersion() == 1 ? Event.Type.ADDED : Event.Type.MODIFIED,
                            entry(kv)));
                }
            }
        }, error -> listener.onError(error instanceof CompactedException c
                ? new StoreException(StoreException.Kind.EXPIRED, "too old resource version: " + (afterRevision)
                        + " (" + c.getCompactedRevision() + ")", c)
                : new StoreException(StoreException.Kind.UNAVAILABLE, "the watch on etcd failed: "
                        + error.getMessage(), error))));
        return watcher::close;
    }

    /** Compacts etcd's history up to {@code revision} (what etcd's auto-compaction does). */
    public void compact(long revision) {
        await(kv.compact(revision));
    }

    @Override
    public void close() {
        client.close();
    }

    private String key(String namespace, String name) {
        return prefix + "/" + namespace + "/" + name;
    }

    private Entry entry(KeyValue kv) {
        String key = kv.getKey().toString(StandardCharsets.UTF_8);
        String rest = key.substring(prefix.length() + 1);
        int slash = rest.indexOf('/');
        return new Entry(rest.substring(0, slash), rest.substring(slash + 1),
                kv.getValue().toString(StandardCharsets.UTF_8), kv.getModRevision());
    }

    /** The key of an entry, as {@link Page#lastKey()} gives it. */
    public String keyOf(Entry entry) {
        return key(entry.namespace(), entry.name());
    }

    private static String rangeEnd(String rangePrefix) {
        // The prefixes end with '/', so incrementing the last character stays within ASCII.
        return rangePrefix.substring(0, rangePrefix.length() - 1) + (char) (rangePrefix.charAt(rangePrefix.length() - 1) + 1);
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "interrupted while waiting for etcd", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CompactedException c) {
                throw new StoreException(StoreException.Kind.EXPIRED,
                        "the requested revision has been compacted (" + c.getCompactedRevision() + ")", c);
            }
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "etcd: " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "etcd did not answer within " + TIMEOUT, e);
        }
    }
}
