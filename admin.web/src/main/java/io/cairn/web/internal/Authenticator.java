package io.cairn.web.internal;

/** Checks a user name and password. */
interface Authenticator {

    /** The identity, or null when the credentials are wrong. */
    Identity authenticate(String user, char[] password);
}
