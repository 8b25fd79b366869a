package io.cairn.web.internal;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Console sign-ins: a random 256-bit session id (the cookie) maps to the identity and the
 * session's CSRF token. Sessions expire after an idle time and live only in memory (a restart
 * signs everyone out).
 */
final class WebSessions {

    static final String COOKIE = "CAIRN_SESSION";
    static final int MAX_SESSIONS = 1000;

    record WebSession(String id, Identity identity, String csrfToken, long lastSeenNanos) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, WebSession> sessions = new ConcurrentHashMap<>();
    private final long idleNanos;

    WebSessions(Duration idle) {
        this.idleNanos = idle.toNanos();
    }

    WebSession create(Identity identity) {
        if (sessions.size() >= MAX_SESSIONS) {
            expire();
            sessions.values().stream().min(Comparator.comparingLong(WebSession::lastSeenNanos))
                    .ifPresent(oldest -> sessions.remove(oldest.id()));
        }
        WebSession s = new WebSession(token(), identity, token(), System.nanoTime());
        sessions.put(s.id(), s);
        return s;
    }

    /** The live session with this id (touching it), or null. */
    WebSession find(String id) {
        if (id == null) {
            return null;
        }
        WebSession s = sessions.get(id);
        long now = System.nanoTime();
        if (s == null || now - s.lastSeenNanos() > idleNanos) {
            if (s != null) {
                sessions.remove(id);
            }
            return null;
        }
        WebSession touched = new WebSession(s.id(), s.identity(), s.csrfToken(), now);
        sessions.put(id, touched);
        return touched;
    }

    void remove(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    int size() {
        return sessions.size();
    }

    private void expire() {
        long now = System.nanoTime();
        sessions.values().removeIf(s -> now - s.lastSeenNanos() > idleNanos);
    }

    private String token() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
