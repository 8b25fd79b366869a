package io.cairn.web.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** Response headers and bodies shared by the API and the console. */
final class Http {

    static final String API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    static final String CONSOLE_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private Http() {
    }

    /** Headers on every response: no sniffing, no framing, no referrer leaving the site, nothing cached. */
    static void securityHeaders(HttpServletRequest req, HttpServletResponse resp, String csp) {
        resp.setHeader("Content-Security-Policy", csp);
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("X-Frame-Options", "DENY");
        // The console needs same-origin: under no-referrer browsers send "Origin: null" with its
        // own form posts, and the origin check could no longer tell them from a cross-site post.
        resp.setHeader("Referrer-Policy", csp.equals(API_CSP) ? "no-referrer" : "same-origin");
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("Pragma", "no-cache");
        resp.setHeader("Cross-Origin-Opener-Policy", "same-origin");
        resp.setHeader("Cross-Origin-Resource-Policy", "same-origin");
        if (req.isSecure()) {
            resp.setHeader("Strict-Transport-Security", "max-age=31536000");
        }
    }

    static void json(HttpServletResponse resp, int status, byte[] body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json;charset=utf-8");
        resp.setContentLength(body.length);
        try (OutputStream out = resp.getOutputStream()) {
            out.write(body);
        }
    }

    static void text(HttpServletResponse resp, int status, String mediaType, String content) throws IOException {
        bytes(resp, status, mediaType, content.getBytes(StandardCharsets.UTF_8));
    }

    static void bytes(HttpServletResponse resp, int status, String mediaType, byte[] body) throws IOException {
        resp.setStatus(status);
        resp.setContentType(mediaType);
        resp.setContentLength(body.length);
        try (OutputStream out = resp.getOutputStream()) {
            out.write(body);
        }
    }

    static void html(HttpServletResponse resp, int status, String page) throws IOException {
        byte[] body = page.getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("text/html;charset=utf-8");
        resp.setContentLength(body.length);
        try (OutputStream out = resp.getOutputStream()) {
            out.write(body);
        }
    }

    static String cookie(HttpServletRequest req, String name) {
        Cookie[] cookies = req.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (name.equals(c.getName())) {
                    return c.getValue();
                }
            }
        }
        return null;
    }

    /** The session cookie: HttpOnly, SameSite=Strict, Secure over TLS. Servlet 4 has no SameSite, hence the raw header. */
    static void sessionCookie(HttpServletResponse resp, String value, boolean secure, boolean clear) {
        resp.addHeader("Set-Cookie", WebSessions.COOKIE + "=" + (clear ? "" : value) + "; Path=/; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "") + (clear ? "; Max-Age=0" : ""));
    }

    /** Compares a CSRF token in constant time. */
    static boolean sameToken(String expected, String given) {
        return given != null && java.security.MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * False when the request carries an Origin (or, lacking it, a Referer) naming another site
     * than the one it was sent to: a cross-site write.
     */
    static boolean sameOrigin(HttpServletRequest req) {
        String origin = req.getHeader("Origin");
        if (origin == null) {
            String referer = req.getHeader("Referer");
            if (referer == null) {
                return true;
            }
            origin = referer;
        }
        String host = req.getHeader("Host");
        if (host == null) {
            return false;
        }
        String o = origin.replaceFirst("^https?://", "");
        int slash = o.indexOf('/');
        return (slash < 0 ? o : o.substring(0, slash)).equalsIgnoreCase(host);
    }
}
