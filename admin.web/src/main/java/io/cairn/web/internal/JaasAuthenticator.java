package io.cairn.web.internal;

import java.security.Principal;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cairn.web.Role;

/**
 * Logs in through a JAAS realm (Karaf's {@code karaf} realm by default: {@code etc/users.properties}
 * or whatever login modules the realm is configured with) and maps the JAAS roles to Cairn roles.
 */
final class JaasAuthenticator implements Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger(JaasAuthenticator.class);

    private final String realm;
    private final Configuration configuration;

    /** @param configuration null for the container's JAAS configuration (Karaf's realms) */
    JaasAuthenticator(String realm, Configuration configuration) {
        this.realm = realm;
        this.configuration = configuration;
    }

    @Override
    public Identity authenticate(String user, char[] password) {
        if (user == null || user.isEmpty() || password == null) {
            return null;
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // Karaf's realm entries name a login module proxy on the boot class path; the web
        // server's thread context loader cannot see it.
        thread.setContextClassLoader(ClassLoader.getSystemClassLoader());
        try {
            LoginContext login = new LoginContext(realm, new Subject(), callbacks -> {
                for (Callback c : callbacks) {
                    if (c instanceof NameCallback n) {
                        n.setName(user);
                    } else if (c instanceof PasswordCallback p) {
                        p.setPassword(password);
                    } else {
                        throw new UnsupportedCallbackException(c);
                    }
                }
            }, configuration);
            login.login();
            Role role = null;
            for (Principal p : login.getSubject().getPrincipals()) {
                // Karaf's org.apache.karaf.jaas.boot.principal.RolePrincipal, matched by name so
                // this bundle needs no Karaf import.
                if (!p.getClass().getSimpleName().equals("RolePrincipal")) {
                    continue;
                }
                if (Role.ADMIN.jaasRole().equals(p.getName())) {
                    role = Role.ADMIN;
                } else if (Role.VIEWER.jaasRole().equals(p.getName()) && role == null) {
                    role = Role.VIEWER;
                }
            }
            try {
                login.logout();
            } catch (LoginException ignored) {
                // nothing is held between requests
            }
            return new Identity(user, role);
        } catch (LoginException e) {
            LOG.debug("login of '{}' in realm {} failed: {}", user, realm, e.getMessage());
            return null;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
