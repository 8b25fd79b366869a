package io.cairn.web.internal;

import java.time.Duration;

/**
 * The request-handling settings from {@code etc/io.cairn.web.cfg} (listening settings are Pax
 * Web's; see {@link PaxWebListener}).
 *
 * @param maxBodyBytes   larger request bodies get 413
 * @param sqlMaxRows     default and ceiling of {@code POST /api/v1/sql}'s {@code maxRows}
 * @param sqlTimeout     each worksheet statement is cancelled after this
 * @param sessionIdle    a console sign-in ends after this long without a request
 * @param secureCookies  mark the session cookie Secure (set when TLS is on)
 */
record WebSettings(int maxBodyBytes, int sqlMaxRows, Duration sqlTimeout, Duration sessionIdle, boolean secureCookies) {

    static WebSettings defaults() {
        return new WebSettings(1 << 20, 1000, Duration.ofSeconds(30), Duration.ofMinutes(30), false);
    }
}
