package io.cairn.web;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A page of the admin console, registered as an OSGi service; listed in the console's navigation
 * while registered. See the package documentation for the contract.
 */
@ConsumerType
public interface ConsolePage {

    /** URL-safe id ({@code [a-z0-9-]+}), unique: the page is at {@code /console/page/<id>}. */
    String id();

    /** The title in the navigation and the page heading. */
    String title();

    /** Position in the navigation: lower first. Kernel pages use 0-99; plugins 100 and up. */
    int navOrder();

    /** The least role that sees the page. */
    default Role requiredRole() {
        return Role.VIEWER;
    }

    /** The page's HTML fragment, rendered now for the signed-in user. */
    String render(ConsoleContext context) throws RestException;
}
