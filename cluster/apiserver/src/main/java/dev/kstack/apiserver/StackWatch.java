package dev.kstack.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kstack.api.Stack;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One watch request: events ({@code ADDED}, {@code MODIFIED}, {@code DELETED}, {@code BOOKMARK}, {@code ERROR}) in
 * the watch's version, selected by its selectors, delivered to the caller's thread through a queue. Resource
 * version semantics: none or "0" sends the current objects as ADDED first and then changes after the revision
 * they were read at; a revision N sends the changes after N, or an ERROR event with a 410 Expired Status when etcd
 * has compacted N away (clients then list again).
 */
public final class StackWatch implements AutoCloseable {
    private static final ObjectNode END = ObjectNodes.empty();

    private final BlockingQueue<ObjectNode> queue = new LinkedBlockingQueue<>();
    private final AutoCloseable etcdWatch;

    private StackWatch(StackRegistry registry, String namespace, String version,
            StackRegistry.ListOptions options, String resourceVersion, boolean bookmarks) {
        Predicate<ObjectNode> selected = options.matcher();
        long after;
        if (resourceVersion.isEmpty() || resourceVersion.equals("0")) {
            ObjectNode list = registry.list(namespace, Versions.V1ALPHA3, new StackRegistry.ListOptions(
                    options.labelSelector(), options.fieldSelector(), 0, ""));
            list.path("items").forEach(item -> queue.add(event("ADDED",
                    registry.view(new StackRegistry.Current(strip((ObjectNode) item),
                            Long.parseLong(item.path("metadata").path("resourceVersion").asText())), version))));
            after = Long.parseLong(list.path("metadata").path("resourceVersion").asText());
        } else {
            try {
                after = Long.parseLong(resourceVersion);
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("invalid resourceVersion \"" + resourceVersion + "\"");
            }
        }
        etcdWatch = registry.store().watch(namespace, after, new EtcdStore.WatchListener() {
            @Override
            public void onEvent(EtcdStore.Event event) {
                ObjectNode hub = StackRegistry.parse(event.entry());
                if (selected.test(hub)) {
                    queue.add(event(event.type().name(), registry.view(
                            new StackRegistry.Current(hub, event.entry().modRevision()), version)));
                }
            }

            @Override
            public void onProgress(long revision) {
                if (bookmarks) {
                    ObjectNode object = ObjectNodes.empty().put("kind", Stack.KIND)
                            .put("apiVersion", StackRegistry.apiVersion(version));
                    object.putObject("metadata").put("resourceVersion", Long.toString(revision));
                    queue.add(event("BOOKMARK", object));
                }
            }

            @Override
            public void onError(StoreException error) {
                ApiException status = error.kind() == StoreException.Kind.EXPIRED
                        ? ApiException.expired("too old resource version: " + resourceVersion)
                        : ApiException.of(error, null);
                queue.add(event("ERROR", status.status()));
                queue.add(END);
            }
        });
    }

    /** Starts a watch; a bad resourceVersion or selector fails here, before anything is sent. */
    public static StackWatch start(StackRegistry registry, String namespace, String version,
            StackRegistry.ListOptions options, String resourceVersion, boolean bookmarks) {
        return new StackWatch(registry, namespace, version, options, resourceVersion, bookmarks);
    }

    /** The next event, or null when none came within the timeout; {@link #isEnd} tells the end of the stream. */
    public ObjectNode next(long timeout, TimeUnit unit) throws InterruptedException {
        return queue.poll(timeout, unit);
    }

    public static boolean isEnd(ObjectNode event) {
        return event == END;
    }

    @Override
    public void close() {
        try {
            etcdWatch.close();
        } catch (Exception e) {
            // the watch is going away anyway
        }
    }

    private static ObjectNode strip(ObjectNode item) {
        ObjectNode copy = item.deepCopy();
        copy.with("metadata").remove("resourceVersion");
        return copy;
    }

    private static ObjectNode event(String type, ObjectNode object) {
        ObjectNode event = ObjectNodes.empty().put("type", type);
        event.set("object", object);
        return event;
    }
}
