package io.cairn.monitoring.internal.incident;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import javax.sql.DataSource;

/**
 * Incidents in the table {@value #TABLE} of one database, through JDBC. Callers serialize writes
 * (the incident component's monitor).
 */
public final class IncidentStore {

    public static final String TABLE = "cairn_incidents";
    /** Longest stored details (JSON text); longer detail values are cut before this is reached. */
    static final int DETAILS_MAX = 8000;
    private static final String COLUMNS = "id, opened_at, last_seen_at, database_name, kind, severity, summary, details, "
            + "occurrences, status, closed_at, closed_by, dedup_key";

    private final Supplier<DataSource> dataSource;

    public IncidentStore(Supplier<DataSource> dataSource) {
        this.dataSource = dataSource;
    }

    private Connection connect() throws SQLException {
        return dataSource.get().getConnection();
    }

    public void createTable() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE " + TABLE + " (id BIGINT PRIMARY KEY, opened_at TIMESTAMP NOT NULL, "
                    + "last_seen_at TIMESTAMP NOT NULL, database_name VARCHAR(128) NOT NULL, kind VARCHAR(32) NOT NULL, "
                    + "severity VARCHAR(16) NOT NULL, summary VARCHAR(1024) NOT NULL, details VARCHAR(" + DETAILS_MAX
                    + "), occurrences BIGINT NOT NULL, status VARCHAR(8) NOT NULL, closed_at TIMESTAMP, "
                    + "closed_by VARCHAR(128), dedup_key VARCHAR(1024) NOT NULL)");
        } catch (SQLException e) {
            if (!"42P07".equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    /** Inserts a new incident with the next free id; returns it with that id. */
    public Incident insert(Incident i) throws SQLException {
        try (Connection c = connect()) {
            long id;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT MAX(id) FROM " + TABLE)) {
                rs.next();
                id = rs.getLong(1) + 1;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + " (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?)")) {
                ps.setLong(1, id);
                ps.setTimestamp(2, Timestamp.from(i.openedAt()));
                ps.setTimestamp(3, Timestamp.from(i.lastSeenAt()));
                ps.setString(4, cut(i.database(), 128));
                ps.setString(5, i.kind());
                ps.setString(6, i.severity());
                ps.setString(7, cut(i.summary(), 1024));
                ps.setString(8, details(i));
                ps.setLong(9, i.occurrences());
                ps.setString(10, i.status());
                ps.setString(11, cut(i.key(), 1024));
                ps.executeUpdate();
            }
            return i.withId(id);
        }
    }

    /** The details as stored: every value cut so that the JSON text fits the column. */
    static String details(Incident i) {
        String json = FlatJson.write(i.details());
        for (int max = 2000; json.length() > DETAILS_MAX && max >= 16; max /= 2) {
            java.util.Map<String, String> cutMap = new java.util.LinkedHashMap<>();
            int limit = max;
            i.details().forEach((k, v) -> cutMap.put(k, cut(v, limit)));
            json = FlatJson.write(cutMap);
        }
        return json.length() > DETAILS_MAX ? "{}" : json;
    }

    static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    public void seenAgain(long id, long occurrences, Instant lastSeen) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "UPDATE " + TABLE + " SET occurrences = ?, last_seen_at = ? WHERE id = ?")) {
            ps.setLong(1, occurrences);
            ps.setTimestamp(2, Timestamp.from(lastSeen));
            ps.setLong(3, id);
            ps.executeUpdate();
        }
    }

    /** Closes an open incident; false if there is no open incident with that id. */
    public boolean close(long id, String user, Instant at) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("UPDATE " + TABLE
                + " SET status = 'closed', closed_at = ?, closed_by = ? WHERE id = ? AND status = 'open'")) {
            ps.setTimestamp(1, Timestamp.from(at));
            if (user == null) {
                ps.setNull(2, Types.VARCHAR);
            } else {
                ps.setString(2, cut(user, 128));
            }
            ps.setLong(3, id);
            return ps.executeUpdate() == 1;
        }
    }

    public Incident get(long id) throws SQLException {
        List<Incident> one = select(" WHERE id = " + id);
        return one.isEmpty() ? null : one.get(0);
    }

    /** The newest {@code limit} incidents, newest first; {@code status} null for all. */
    public List<Incident> list(String status, int limit) throws SQLException {
        return select((status == null ? "" : " WHERE status = '" + (Incident.CLOSED.equals(status) ? "closed" : "open")
                + "'") + " ORDER BY id DESC LIMIT " + limit);
    }

    /** Every open incident (their keys deduplicate new occurrences). */
    public List<Incident> open() throws SQLException {
        return select(" WHERE status = 'open' ORDER BY id");
    }

    private List<Incident> select(String where) throws SQLException {
        List<Incident> out = new ArrayList<>();
        try (Connection c = connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT " + COLUMNS + " FROM " + TABLE + where)) {
            while (rs.next()) {
                java.util.Map<String, String> details;
                try {
                    details = FlatJson.read(rs.getString(8));
                } catch (IllegalArgumentException e) {
                    details = java.util.Map.of("unreadable_details", String.valueOf(rs.getString(8)));
                }
                out.add(new Incident(rs.getLong(1), instant(rs.getTimestamp(2)), instant(rs.getTimestamp(3)),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), details, rs.getLong(9),
                        rs.getString(10), instant(rs.getTimestamp(11)), rs.getString(12), rs.getString(13)));
            }
        }
        return out;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
