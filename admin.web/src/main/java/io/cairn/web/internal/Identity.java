package io.cairn.web.internal;

import io.cairn.web.Role;

/**
 * A user JAAS accepted and the strongest Cairn role they hold (null: signed in, but neither
 * {@code cairn-admin} nor {@code cairn-viewer}, so every route answers 403).
 */
record Identity(String user, Role role) {
}
