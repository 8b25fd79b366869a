package io.cairn.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PaxWebListenerTest {

    /** A WebConfig with the defaults, overriding the listener values given. */
    static WebConfig config(int port, String address, boolean tls, String keystore) {
        return new WebConfig() {
            public Class<? extends Annotation> annotationType() { return WebConfig.class; }
            public int port() { return port; }
            public String address() { return address; }
            public boolean tls_enabled() { return tls; }
            public int tls_port() { return 8443; }
            public String tls_keystore() { return keystore; }
            public String tls_keystorePassword() { return "pw"; }
            public String tls_keyPassword() { return ""; }
            public String tls_keystoreType() { return "PKCS12"; }
            public boolean managePaxWeb() { return true; }
            public String realm() { return "karaf"; }
            public int maxBodyBytes() { return 1024; }
            public int sqlMaxRows() { return 10; }
            public int sqlTimeoutSeconds() { return 1; }
            public int sessionIdleMinutes() { return 1; }
            public boolean createFirstAdmin() { return true; }
        };
    }

    @Test
    void plainHttpOnLoopbackByDefault() {
        Map<String, String> k = PaxWebListener.keys(config(8181, "127.0.0.1", false, ""));
        assertEquals("127.0.0.1", k.get("org.ops4j.pax.web.listening.addresses"));
        assertEquals("8181", k.get("org.osgi.service.http.port"));
        assertEquals("true", k.get("org.osgi.service.http.enabled"));
        assertEquals("false", k.get("org.osgi.service.http.secure.enabled"));
    }

    @Test
    void tlsTurnsPlainHttpOffAndNeedsAKeystore() throws Exception {
        java.nio.file.Path ks = java.nio.file.Files.createTempFile("ks", ".p12");
        try {
            WebConfig c = config(8181, "0.0.0.0", true, ks.toString());
            PaxWebListener.validate(c);
            Map<String, String> k = PaxWebListener.keys(c);
            assertEquals("false", k.get("org.osgi.service.http.enabled"));
            assertEquals("true", k.get("org.osgi.service.http.secure.enabled"));
            assertEquals("8443", k.get("org.osgi.service.http.port.secure"));
            assertEquals(ks.toString(), k.get("org.ops4j.pax.web.ssl.keystore"));
            assertEquals("pw", k.get("org.ops4j.pax.web.ssl.key.password"), "the key password defaults to the store's");
        } finally {
            java.nio.file.Files.delete(ks);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PaxWebListener.validate(config(8181, "127.0.0.1", true, "")));
        assertTrue(e.getMessage().contains("tls.keystore"));
        assertThrows(IllegalArgumentException.class, () -> PaxWebListener.validate(config(70000, "127.0.0.1", false, "")));
    }
}
