package dev.kstack.testenv.sim;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Hands out unique pod addresses from 10.244.0.0/16 (10.244.0.1 to 10.244.255.254), one per pod uid. */
final class PodIpAllocator {

    private static final int FIRST = 1;
    private static final int LAST = 0xFFFE;

    private final Map<String, String> byPod = new HashMap<>();
    private final Set<String> used = new HashSet<>();
    private int next = FIRST;

    /** Records an address a pod already has (seen at start-up), so it is not handed out again. */
    synchronized void remember(String podUid, String ip) {
        if (ip != null && !ip.isEmpty() && !byPod.containsKey(podUid) && used.add(ip)) {
            byPod.put(podUid, ip);
        }
    }

    /** The pod's address: the one it was given before, else the next free one. */
    synchronized Optional<String> addressOf(String podUid) {
        String known = byPod.get(podUid);
        if (known != null) {
            return Optional.of(known);
        }
        for (int i = 0; i <= LAST - FIRST; i++) {
            String candidate = format(next);
            next = next == LAST ? FIRST : next + 1;
            if (used.add(candidate)) {
                byPod.put(podUid, candidate);
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    synchronized void release(String podUid) {
        String ip = byPod.remove(podUid);
        if (ip != null) {
            used.remove(ip);
        }
    }

    private static String format(int offset) {
        return "10.244." + (offset >> 8) + "." + (offset & 0xFF);
    }
}
