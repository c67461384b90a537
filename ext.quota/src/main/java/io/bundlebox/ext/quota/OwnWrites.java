package io.bundlebox.ext.quota;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Tells the configurations this bundle wrote itself (SETQUOTA) from changes made outside, when
 * they come back through {@code @Modified}. ConfigAdmin and SCR deliver those calls later, on
 * their own thread, and may deliver one version more than once: a call that brings back an
 * earlier write of ours after a later one is stale and must not undo the later SETQUOTA.
 *
 * <p>The writes of ours since the last change from outside are remembered (the newest
 * {@value #KEPT}); a configuration equal to one of them but the newest is stale. Anything else is
 * a change from outside (an operator's file, another management agent): it is the newest and
 * forgets the writes before it. One consequence, accepted: an operator who restores by hand,
 * within one run of the server, exactly a configuration that an earlier SETQUOTA of this run had
 * written over has to change one more key. Not thread-safe: guarded by its owner.
 */
final class OwnWrites {

    /** How many writes of ours are remembered. */
    static final int KEPT = 64;

    private final ArrayDeque<Map<String, String>> written = new ArrayDeque<>();

    /** Records {@code properties} as written by this bundle, the newest version. */
    void wrote(Map<String, ?> properties) {
        written.addLast(comparable(properties));
        if (written.size() > KEPT) {
            written.removeFirst();
        }
    }

    /**
     * Whether a configuration delivered now is stale: one of our writes that a later write of ours
     * replaced. A configuration that is not ours forgets our writes (see the class comment).
     */
    boolean stale(Map<String, ?> properties) {
        Map<String, String> seen = comparable(properties);
        if (!written.contains(seen)) {
            written.clear();
            return false;
        }
        return !written.peekLast().equals(seen);
    }

    /** The properties as strings, without ConfigAdmin's, SCR's and FileInstall's own keys, for comparing versions. */
    private static Map<String, String> comparable(Map<String, ?> properties) {
        Map<String, String> out = new HashMap<>();
        properties.forEach((k, v) -> {
            if (!k.startsWith("service.") && !k.startsWith("component.") && !k.startsWith("felix.fileinstall.")) {
                out.put(k, String.valueOf(v));
            }
        });
        return out;
    }
}
