package io.cairn.web.internal;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pax Web 8 owns the Jetty server and its connectors and reads them only from its own PID
 * ({@code org.ops4j.pax.web}); a bundle cannot open a connector of its own for whiteboard
 * servlets. So {@code io.cairn.web.cfg} is the place a user edits, and this class writes the
 * matching keys into Pax Web's configuration through Config Admin (Karaf saves them to
 * {@code etc/org.ops4j.pax.web.cfg}); Pax Web then restarts Jetty with them. Keys that already
 * hold the wanted value are left untouched, so an unchanged file restarts nothing.
 */
final class PaxWebListener {

    static final String PID = "org.ops4j.pax.web";
    private static final Logger LOG = LoggerFactory.getLogger(PaxWebListener.class);

    private PaxWebListener() {
    }

    /** The Pax Web keys that express the listener part of {@code config}. */
    static Map<String, String> keys(WebConfig config) {
        Map<String, String> k = new LinkedHashMap<>();
        k.put("org.ops4j.pax.web.listening.addresses", config.address().trim());
        k.put("org.osgi.service.http.enabled", String.valueOf(!config.tls_enabled()));
        k.put("org.osgi.service.http.port", String.valueOf(config.port()));
        k.put("org.osgi.service.http.secure.enabled", String.valueOf(config.tls_enabled()));
        if (config.tls_enabled()) {
            k.put("org.osgi.service.http.port.secure", String.valueOf(config.tls_port()));
            k.put("org.ops4j.pax.web.ssl.keystore", config.tls_keystore());
            k.put("org.ops4j.pax.web.ssl.keystore.password", config.tls_keystorePassword());
            k.put("org.ops4j.pax.web.ssl.key.password",
                    config.tls_keyPassword().isEmpty() ? config.tls_keystorePassword() : config.tls_keyPassword());
            k.put("org.ops4j.pax.web.ssl.keystore.type", config.tls_keystoreType());
        }
        return k;
    }

    /** Validates the listener settings; a bad one is named in the exception (and the component stays inactive). */
    static void validate(WebConfig config) {
        check(config.port() > 0 && config.port() < 65536, "port must be 1-65535, not " + config.port());
        check(config.tls_port() > 0 && config.tls_port() < 65536, "tls.port must be 1-65535, not " + config.tls_port());
        check(!config.address().isBlank(), "address must not be empty");
        if (config.tls_enabled()) {
            check(!config.tls_keystore().isBlank(), "tls.enabled = true needs tls.keystore");
            check(java.nio.file.Files.isReadable(java.nio.file.Path.of(config.tls_keystore())),
                    "tls.keystore " + config.tls_keystore() + " is not a readable file");
        }
        check(config.maxBodyBytes() > 0, "maxBodyBytes must be positive");
        check(config.sqlMaxRows() > 0, "sqlMaxRows must be positive");
        check(config.sqlTimeoutSeconds() > 0, "sqlTimeoutSeconds must be positive");
        check(config.sessionIdleMinutes() > 0, "sessionIdleMinutes must be positive");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("etc/io.cairn.web.cfg: " + message);
        }
    }

    /** Writes the keys into Pax Web's configuration when any differs; true when it changed. */
    static boolean apply(ConfigurationAdmin admin, WebConfig config) throws IOException {
        Configuration pax = admin.getConfiguration(PID, null);
        Dictionary<String, Object> props = pax.getProperties();
        if (props == null) {
            props = new Hashtable<>();
        }
        boolean changed = false;
        for (Map.Entry<String, String> e : keys(config).entrySet()) {
            Object current = props.get(e.getKey());
            if (!Objects.equals(current == null ? null : current.toString(), e.getValue())) {
                props.put(e.getKey(), e.getValue());
                changed = true;
            }
        }
        if (changed) {
            LOG.info("Applying io.cairn.web listener settings to {}: {}:{}{}", PID, config.address(), config.port(),
                    config.tls_enabled() ? " (HTTPS on " + config.tls_port() + ", plain HTTP off)" : "");
            pax.update(props);
        }
        return changed;
    }
}
