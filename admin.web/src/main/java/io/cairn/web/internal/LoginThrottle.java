package io.cairn.web.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing: after {@value #MAX_FAILURES} failed logins from one client address
 * within {@value #WINDOW_SECONDS} s, that address's password logins are refused (429) until the
 * window ends, without asking JAAS. Other addresses, and signed-in sessions, are unaffected, so
 * an attacker cannot lock the administrator out.
 */
final class LoginThrottle {

    static final int MAX_FAILURES = 10;
    static final int WINDOW_SECONDS = 60;
    private static final int MAX_TRACKED = 10_000;

    private record Window(long startNanos, int failures) {
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /** Seconds until {@code address} may try again, or 0 when it may now. */
    long retryAfterSeconds(String address) {
        Window w = windows.get(address);
        if (w == null) {
            return 0;
        }
        long elapsed = System.nanoTime() - w.startNanos();
        if (elapsed > WINDOW_SECONDS * 1_000_000_000L) {
            windows.remove(address, w);
            return 0;
        }
        return w.failures() >= MAX_FAILURES ? Math.max(1, WINDOW_SECONDS - elapsed / 1_000_000_000L) : 0;
    }

    void failed(String address) {
        if (windows.size() > MAX_TRACKED) {
            long now = System.nanoTime();
            windows.values().removeIf(w -> now - w.startNanos() > WINDOW_SECONDS * 1_000_000_000L);
        }
        long now = System.nanoTime();
        windows.merge(address, new Window(now, 1), (old, one) -> now - old.startNanos() > WINDOW_SECONDS * 1_000_000_000L
                ? one : new Window(old.startNanos(), old.failures() + 1));
    }
}
