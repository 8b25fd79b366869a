/**
 * How plugins add REST routes and console pages to Cairn's admin web server (whiteboard).
 *
 * <h2>REST resources</h2>
 * A bundle registers a {@link io.cairn.web.RestResource} service; admin.web mounts it at
 * {@code /api/v1} + {@link io.cairn.web.RestResource#path()} for its
 * {@link io.cairn.web.RestResource#method()} while the service stays registered, lists it in
 * {@code GET /api/v1/openapi.json}, and unmounts it when the service goes (the bundle stops or is
 * uninstalled). Before a resource's {@code handle} runs, admin.web has already:
 * <ul>
 * <li>authenticated the caller against Karaf JAAS (HTTP Basic or the console's session cookie)
 * and checked that the caller has {@link io.cairn.web.RestResource#requiredRole()}
 * ({@link io.cairn.web.Role#ADMIN} satisfies {@link io.cairn.web.Role#VIEWER}); anonymous callers get
 * 401, callers without the role 403;</li>
 * <li>checked the CSRF token of cookie-authenticated writes, the body size limit, and that a body is
 * well-formed JSON (an object);</li>
 * <li>set the security headers.</li>
 * </ul>
 * Rules a resource must follow: a method other than {@code GET} must require
 * {@link io.cairn.web.Role#ADMIN} (admin.web refuses to mount it otherwise: viewers are read-only);
 * paths are {@code /segment/...} with {@code {name}} placeholders for whole segments and must not
 * collide with a mounted route of the same method (the later one is refused and logged); responses
 * are JSON-writable values (maps, lists, strings, numbers, booleans, null, records), or
 * {@link io.cairn.web.RestResponse#text} for a format other tools read, and errors are
 * thrown as {@link io.cairn.web.RestException}, which admin.web renders as
 * {@code {"error":{"code":..,"message":..}}}. Any other exception becomes a 500 with a generic
 * message (the stack trace goes to the log, never to the client).
 *
 * <h2>Console pages</h2>
 * A bundle registers a {@link io.cairn.web.ConsolePage}; the console at {@code /console/} lists
 * the pages present in its navigation, ordered by {@link io.cairn.web.ConsolePage#navOrder()}, and
 * serves each at {@code /console/page/<id>} to signed-in users with at least
 * {@link io.cairn.web.ConsolePage#requiredRole()}. The page returns an HTML fragment that admin.web
 * places inside its layout; the fragment must escape what it shows (see
 * {@link io.cairn.web.ConsoleContext#escape(String)}) and may not load scripts from other origins
 * (the Content-Security-Policy forbids it).
 *
 * <h2>Login statistics</h2>
 * admin.web registers a {@link io.cairn.web.LoginStats} service with its login counters, for the
 * monitoring plugin's {@code failed_logins_total}.
 */
@Export
@Version("0.4.0")
package io.cairn.web;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
