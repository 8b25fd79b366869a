/**
 * Cairn Admin Web API. Jetty-hosted REST API and admin web console shell that plugins add pages to.
 * <p>No API yet: this package is versioned so plugins can import it once it has types.
 */
@Export
@Version("0.1.0")
package io.cairn.web;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
