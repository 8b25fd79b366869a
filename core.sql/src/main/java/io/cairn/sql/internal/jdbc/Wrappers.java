package io.cairn.sql.internal.jdbc;

import java.sql.SQLException;

/** {@link java.sql.Wrapper#unwrap} for the driver's objects: they wrap nothing but themselves. */
final class Wrappers {

    private Wrappers() {
    }

    static <T> T unwrap(Object self, Class<T> iface) throws SQLException {
        if (iface.isInstance(self)) {
            return iface.cast(self);
        }
        throw new SQLException(self.getClass().getSimpleName() + " does not wrap a " + iface.getName(), "HY000");
    }
}
