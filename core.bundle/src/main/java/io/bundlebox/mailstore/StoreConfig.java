package io.bundlebox.mailstore;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where and how a store is opened.
 *
 * @param root the mail root folder; created when missing
 * @param options store-specific settings from ConfigAdmin (e.g. {@code fsync=true}); never null
 */
public record StoreConfig(Path root, Map<String, Object> options) {

    public StoreConfig {
        options = Map.copyOf(options);
    }

    /** A boolean option, or {@code fallback} when absent. */
    public boolean flag(String key, boolean fallback) {
        Object v = options.get(key);
        return v == null ? fallback : Boolean.parseBoolean(v.toString());
    }
}
