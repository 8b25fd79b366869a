package io.cairn.web;

/** What a signed-in user may do; the Karaf JAAS role names that grant it. */
public enum Role {
    /** Read-only: GET routes and console pages. JAAS role {@code cairn-viewer}. */
    VIEWER("cairn-viewer"),
    /** Everything, including writes. JAAS role {@code cairn-admin}. */
    ADMIN("cairn-admin");

    private final String jaasRole;

    Role(String jaasRole) {
        this.jaasRole = jaasRole;
    }

    /** The JAAS role name, as in {@code etc/users.properties}. */
    public String jaasRole() {
        return jaasRole;
    }

    /** True when a user holding this role may do what {@code required} guards. */
    public boolean satisfies(Role required) {
        return ordinal() >= required.ordinal();
    }
}
