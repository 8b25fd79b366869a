package io.cairn.monitoring.internal.ash;

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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import javax.sql.DataSource;

/**
 * The persisted part of Active Session History: samples in the table {@value #TABLE} of their
 * own database, written and read through JDBC (a {@link DataSource} per database from the
 * container's {@code DataSourceFactory}), so they survive a restart or update of the plugin.
 * Not thread-safe for writes: one writer thread calls {@link #persist} and {@link #prune}.
 */
public final class AshStore {

    public static final String TABLE = "cairn_ash_history";
    private static final String COLUMNS = "sample_id, sample_time, sid, username, client_info, event, wait_class, "
            + "sql_text, sql_start, txn_id, blocking_session, sql_id, plan_hash, module";

    private final Function<String, DataSource> dataSources;
    private final Set<String> ready = ConcurrentHashMap.newKeySet();

    /** @param dataSources the DataSource of a database, by name */
    public AshStore(Function<String, DataSource> dataSources) {
        this.dataSources = dataSources;
    }

    /** Creates the table and its time index unless they exist (a previous plugin run made them). */
    private void ensureTable(Connection c, String database) throws SQLException {
        if (ready.contains(database)) {
            return;
        }
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE " + TABLE + " (sample_id BIGINT NOT NULL, sample_time TIMESTAMP NOT NULL, "
                    + "sid BIGINT NOT NULL, username VARCHAR(128), client_info VARCHAR(512), event VARCHAR(128), "
                    + "wait_class VARCHAR(64), sql_text VARCHAR(4096), sql_start TIMESTAMP, txn_id BIGINT, "
                    + "blocking_session BIGINT, sql_id VARCHAR(16), plan_hash VARCHAR(16), module VARCHAR(128))");
        } catch (SQLException e) {
            if (!"42P07".equals(e.getSQLState())) {
                throw e;
            }
        }
        try (Statement st = c.createStatement()) {
            st.execute("CREATE INDEX IF NOT EXISTS " + TABLE + "_time ON " + TABLE + " (sample_time)");
        }
        ready.add(database);
    }

    /** Writes one tick's samples of {@code database} in one transaction. */
    public void persist(String database, List<AshSample> samples) throws SQLException {
        if (samples.isEmpty()) {
            return;
        }
        try (Connection c = dataSources.apply(database).getConnection()) {
            ensureTable(c, database);
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + " (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (AshSample s : samples) {
                    ps.setLong(1, s.sampleId());
                    ps.setTimestamp(2, Timestamp.from(s.sampleTime()));
                    ps.setLong(3, s.sessionId());
                    text(ps, 4, s.user(), 128);
                    text(ps, 5, s.clientInfo(), 512);
                    text(ps, 6, s.event(), 128);
                    text(ps, 7, s.waitClass(), 64);
                    text(ps, 8, s.sqlText(), 4096);
                    if (s.sqlStart() == null) {
                        ps.setNull(9, Types.TIMESTAMP);
                    } else {
                        ps.setTimestamp(9, Timestamp.from(s.sqlStart()));
                    }
                    ps.setLong(10, s.txnId());
                    ps.setLong(11, s.blockingSession());
                    text(ps, 12, s.sqlId(), 16);
                    text(ps, 13, s.planHash(), 16);
                    text(ps, 14, s.module(), 128);
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static void text(PreparedStatement ps, int i, String v, int max) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.VARCHAR);
        } else {
            ps.setString(i, v.length() > max ? v.substring(0, max) : v);
        }
    }

    /** Deletes the samples older than {@code before}; returns how many. */
    public int prune(String database, Instant before) throws SQLException {
        try (Connection c = dataSources.apply(database).getConnection()) {
            ensureTable(c, database);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + TABLE + " WHERE sample_time < ?")) {
                ps.setTimestamp(1, Timestamp.from(before));
                return ps.executeUpdate();
            }
        }
    }

    /** The persisted samples of {@code database} in [from, to), oldest first. */
    public List<AshSample> read(String database, Instant from, Instant to) throws SQLException {
        List<AshSample> out = new ArrayList<>();
        forEach(database, from, to, out::add);
        return out;
    }

    /** Hands the persisted samples of {@code database} in [from, to) to {@code sink}, oldest first, one row at a time. */
    public void forEach(String database, Instant from, Instant to, java.util.function.Consumer<AshSample> sink)
            throws SQLException {
        try (Connection c = dataSources.apply(database).getConnection()) {
            ensureTable(c, database);
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + TABLE
                    + " WHERE sample_time >= ? AND sample_time < ? ORDER BY sample_time, sid")) {
                ps.setTimestamp(1, Timestamp.from(from));
                ps.setTimestamp(2, Timestamp.from(to));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Timestamp sqlStart = rs.getTimestamp(9);
                        sink.accept(new AshSample(rs.getLong(1), rs.getTimestamp(2).toInstant(), database, rs.getLong(3),
                                rs.getString(4), rs.getString(5), rs.getString(8), sqlStart == null ? null
                                        : sqlStart.toInstant(), rs.getString(6), rs.getString(7), rs.getLong(10),
                                rs.getLong(11), rs.getString(12), rs.getString(13), rs.getString(14)));
                    }
                }
            }
        }
    }
}
