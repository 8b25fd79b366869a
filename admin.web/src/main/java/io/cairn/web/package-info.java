/**
 * Cairn admin web API: how plugins will contribute console pages and REST routes.
 * <p>No API yet: plugins can't add pages or routes until the console shell exists; this
 * package is versioned so they can import it once it has types.
 */
@Export
@Version("0.1.0")
package io.cairn.web;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
