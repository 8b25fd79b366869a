package io.cairn.web.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.servlet.http.HttpServletRequest;

import io.cairn.web.ConsolePage;

/**
 * Everything the API and console servlets share: the mounted routes and pages, the kernel
 * services, sign-in (JAAS, console sessions, counters) and the settings. Plain class, so the
 * servlets run the same in an embedded Jetty test as under Pax Web.
 */
final class AdminWeb {

    final RouteTable routes = new RouteTable();
    final List<ConsolePage> pages = new CopyOnWriteArrayList<>();
    final LoginCounters logins = new LoginCounters();
    final Kernel kernel;
    final Authenticator authenticator;
    volatile WebSettings settings;
    volatile WebSessions sessions;

    AdminWeb(Kernel kernel, Authenticator authenticator, WebSettings settings) {
        this.kernel = kernel;
        this.authenticator = authenticator;
        this.settings = settings;
        this.sessions = new WebSessions(settings.sessionIdle());
    }

    /** How a request proved who it is. */
    enum Via { BASIC, COOKIE }

    record Caller(Identity identity, Via via, WebSessions.WebSession session) {
    }

    /** The caller, or null when anonymous. */
    Caller authenticate(HttpServletRequest req) throws BadCredentials {
        String auth = req.getHeader("Authorization");
        if (auth != null) {
            if (!auth.regionMatches(true, 0, "Basic ", 0, 6)) {
                throw new BadCredentials("only HTTP Basic authentication is supported");
            }
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new BadCredentials("malformed Basic credentials");
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw new BadCredentials("malformed Basic credentials");
            }
            Identity id = login(decoded.substring(0, colon), decoded.substring(colon + 1).toCharArray());
            if (id == null) {
                throw new BadCredentials("wrong user name or password");
            }
            return new Caller(id, Via.BASIC, null);
        }
        WebSessions.WebSession s = sessions.find(Http.cookie(req, WebSessions.COOKIE));
        return s == null ? null : new Caller(s.identity(), Via.COOKIE, s);
    }

    /** A password login, counted. */
    Identity login(String user, char[] password) {
        return logins.count(authenticator.authenticate(user, password));
    }

    List<ConsolePage> pagesInOrder() {
        return pages.stream().sorted(Comparator.comparingInt(ConsolePage::navOrder).thenComparing(ConsolePage::title)).toList();
    }

    static final class BadCredentials extends Exception {
        private static final long serialVersionUID = 1L;

        BadCredentials(String message) {
            super(message, null, false, false);
        }
    }
}
