package io.cairn.monitoring.internal.alert;

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
 * Alert rules and alert history in two tables of one database ({@value #RULES},
 * {@value #HISTORY}), through JDBC. Callers serialize writes (the {@link Alerting} monitor).
 */
public final class AlertStore {

    public static final String RULES = "cairn_alert_rules";
    public static final String HISTORY = "cairn_alert_history";
    private static final String RULE_COLUMNS = "id, name, metric, labels, operator, threshold, for_seconds, severity, "
            + "category, enabled, description";
    private static final String ALERT_COLUMNS = "id, rule_id, rule_name, severity, category, series, alert_value, "
            + "fired_at, resolved_at, acknowledged_at, acknowledged_by";

    private final Supplier<DataSource> dataSource;

    public AlertStore(Supplier<DataSource> dataSource) {
        this.dataSource = dataSource;
    }

    private Connection connect() throws SQLException {
        return dataSource.get().getConnection();
    }

    /** Creates the tables if missing; true when the rules table was new (the defaults go in then). */
    public boolean createTables() throws SQLException {
        boolean created = false;
        try (Connection c = connect(); Statement st = c.createStatement()) {
            try {
                st.execute("CREATE TABLE " + RULES + " (id BIGINT PRIMARY KEY, name VARCHAR(128) NOT NULL UNIQUE, "
                        + "metric VARCHAR(128) NOT NULL, labels VARCHAR(512), operator VARCHAR(2) NOT NULL, "
                        + "threshold DOUBLE NOT NULL, for_seconds BIGINT NOT NULL, severity VARCHAR(16) NOT NULL, "
                        + "category VARCHAR(64) NOT NULL, enabled BOOLEAN NOT NULL, description VARCHAR(512))");
                created = true;
            } catch (SQLException e) {
                if (!"42P07".equals(e.getSQLState())) {
                    throw e;
                }
            }
            try {
                st.execute("CREATE TABLE " + HISTORY + " (id BIGINT PRIMARY KEY, rule_id BIGINT NOT NULL, "
                        + "rule_name VARCHAR(128) NOT NULL, severity VARCHAR(16) NOT NULL, category VARCHAR(64) NOT NULL, "
                        + "series VARCHAR(1024), alert_value DOUBLE, fired_at TIMESTAMP NOT NULL, resolved_at TIMESTAMP, "
                        + "acknowledged_at TIMESTAMP, acknowledged_by VARCHAR(128))");
            } catch (SQLException e) {
                if (!"42P07".equals(e.getSQLState())) {
                    throw e;
                }
            }
        }
        return created;
    }

    public List<AlertRule> rules() throws SQLException {
        List<AlertRule> out = new ArrayList<>();
        try (Connection c = connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT " + RULE_COLUMNS + " FROM " + RULES + " ORDER BY id")) {
            while (rs.next()) {
                try {
                    out.add(new AlertRule(rs.getLong(1), rs.getString(2), rs.getString(3),
                            AlertRule.parseLabels(rs.getString(4)), rs.getString(5), rs.getDouble(6), rs.getLong(7),
                            rs.getString(8), rs.getString(9), rs.getBoolean(10), rs.getString(11)));
                } catch (AlertException e) {
                    throw new SQLException("rule " + rs.getLong(1) + " in " + RULES + " is damaged: " + e.getMessage());
                }
            }
        }
        return out;
    }

    /** Inserts (id 0: the next free id) or replaces a rule; returns it with its id. */
    public AlertRule save(AlertRule rule, boolean insert) throws SQLException {
        try (Connection c = connect()) {
            long id = rule.id();
            if (insert) {
                try (Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT MAX(id) FROM " + RULES)) {
                    rs.next();
                    id = rs.getLong(1) + 1;
                }
            }
            String sql = insert
                    ? "INSERT INTO " + RULES + " (" + RULE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    : "UPDATE " + RULES + " SET id = ?, name = ?, metric = ?, labels = ?, operator = ?, threshold = ?, "
                            + "for_seconds = ?, severity = ?, category = ?, enabled = ?, description = ? WHERE id = ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, id);
                ps.setString(2, rule.name());
                ps.setString(3, rule.metric());
                ps.setString(4, rule.labelText());
                ps.setString(5, rule.operator());
                ps.setDouble(6, rule.threshold());
                ps.setLong(7, rule.forSeconds());
                ps.setString(8, rule.severity());
                ps.setString(9, rule.category());
                ps.setBoolean(10, rule.enabled());
                if (rule.description() == null) {
                    ps.setNull(11, Types.VARCHAR);
                } else {
                    ps.setString(11, rule.description());
                }
                if (!insert) {
                    ps.setLong(12, id);
                }
                ps.executeUpdate();
            }
            return rule.withId(id);
        }
    }

    public boolean delete(long id) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("DELETE FROM " + RULES + " WHERE id = ?")) {
            ps.setLong(1, id);
            return ps.executeUpdate() == 1;
        }
    }

    /** Records a firing alert; returns its id. */
    public long fired(AlertRule rule, String series, double value, Instant at) throws SQLException {
        try (Connection c = connect()) {
            long id;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT MAX(id) FROM " + HISTORY)) {
                rs.next();
                id = rs.getLong(1) + 1;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + HISTORY + " (" + ALERT_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL)")) {
                ps.setLong(1, id);
                ps.setLong(2, rule.id());
                ps.setString(3, rule.name());
                ps.setString(4, rule.severity());
                ps.setString(5, rule.category());
                ps.setString(6, series.length() > 1024 ? series.substring(0, 1024) : series);
                ps.setDouble(7, value);
                ps.setTimestamp(8, Timestamp.from(at));
                ps.executeUpdate();
            }
            return id;
        }
    }

    public void resolved(long id, double value, Instant at) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "UPDATE " + HISTORY + " SET resolved_at = ?, alert_value = ? WHERE id = ?")) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setDouble(2, value);
            ps.setLong(3, id);
            ps.executeUpdate();
        }
    }

    /** Alerts a previous run left firing: closed now, since they are re-evaluated from scratch. */
    public int resolveLeftOpen(Instant at) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "UPDATE " + HISTORY + " SET resolved_at = ? WHERE resolved_at IS NULL")) {
            ps.setTimestamp(1, Timestamp.from(at));
            return ps.executeUpdate();
        }
    }

    /** Sets the acknowledgement of a history row; false if there is no such alert. */
    public boolean acknowledge(long id, String user, Instant at) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "UPDATE " + HISTORY + " SET acknowledged_at = ?, acknowledged_by = ? WHERE id = ?")) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setString(2, user);
            ps.setLong(3, id);
            return ps.executeUpdate() == 1;
        }
    }

    /** The newest {@code limit} alerts, newest first. */
    public List<Alert> history(int limit) throws SQLException {
        List<Alert> out = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("SELECT " + ALERT_COLUMNS + " FROM "
                + HISTORY + " ORDER BY id DESC LIMIT " + limit); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Alert(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getDouble(7), instant(rs.getTimestamp(8)), instant(rs.getTimestamp(9)),
                        instant(rs.getTimestamp(10)), rs.getString(11)));
            }
        }
        return out;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
