package io.cairn.monitoring.internal.ash;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * An ASH report over a time range of one database, as Oracle's ASH report lays it out: a summary
 * (samples, DB time, average active sessions), top wait classes and events, top SQL, sessions,
 * users and modules, blocking sessions and activity over time.
 *
 * <p>Every sample stands for the time between two samples of its source: the ring's samples for
 * {@code ashIntervalMillis}, the persisted ones (every Nth tick) for N times that. Weighting each
 * sample by its source's interval makes DB time and average active sessions comparable across a
 * range that is part history, part ring. Built by {@link Builder}, which aggregates as samples
 * stream in, so a long range read from the history table is never held in memory.
 */
public record AshReport(String database, ReportRange range, List<Part> parts, int samples, double dbTimeSeconds,
        double cpuSeconds, List<Line> waitClasses, List<Line> events, List<SqlLine> sql, List<Line> sessions,
        List<Line> users, List<Line> modules, List<Blocker> blockers, long bucketSeconds, List<Bucket> buckets) {

    /** Activity over time is cut into at most this many buckets. */
    public static final int BUCKETS = 60;
    public static final String HISTORY = "history";
    public static final String MEMORY = "memory";

    /** Where one part of the range came from, and what one of its samples is worth. */
    public record Part(String source, Instant from, Instant to, long sampleMillis, int samples, double dbTimeSeconds) {
    }

    /**
     * One ranked entry: {@code key} (a wait class, an event, a session id, a user, a module), a
     * {@code detail} (an event's wait class; a session's user and module), its most frequent
     * activity and that activity's share of the entry's own time.
     */
    public record Line(String key, String detail, String topActivity, double topActivityPercent, double seconds,
            double percent, int samples) {
    }

    /** A statement shape (digest) with its latest text and plan hash. */
    public record SqlLine(String sqlId, String planHash, String text, String topActivity, double topActivityPercent,
            double seconds, double percent, int samples) {
    }

    /** A session other sessions waited for: the time they waited on it, how many, on what. */
    public record Blocker(long sid, String user, String module, int waiters, String topEvent, double seconds,
            double percent) {
    }

    /** One slice of the range: DB time, its split, average active sessions and the top activity. */
    public record Bucket(Instant start, double seconds, double averageActiveSessions, double cpuSeconds,
            double waitSeconds, String topActivity) {
    }

    /** Average active sessions over the whole range: DB time divided by the range's length. */
    public double averageActiveSessions() {
        double len = range.duration().toMillis() / 1000.0;
        return len <= 0 ? 0 : dbTimeSeconds / len;
    }

    /** Collects samples part by part; not thread-safe. */
    public static final class Builder {

        private final String database;
        private final ReportRange range;
        private final long bucketSeconds;
        private final List<Part> parts = new ArrayList<>();
        private final Group total = new Group();
        private final Map<String, Group> waitClasses = new HashMap<>();
        private final Map<String, Group> events = new HashMap<>();
        private final Map<String, Group> sql = new HashMap<>();
        private final Map<Long, Group> sessions = new HashMap<>();
        private final Map<String, Group> users = new HashMap<>();
        private final Map<String, Group> modules = new HashMap<>();
        private final Map<Long, Group> blockers = new HashMap<>();
        private final Group[] buckets;
        private String source;
        private Instant partFrom;
        private Instant partTo;
        private long sampleMillis;
        private int partSamples;
        private double partSeconds;

        public Builder(String database, ReportRange range) {
            this.database = database;
            this.range = range;
            long lenMillis = Math.max(1, range.duration().toMillis());
            long lenSeconds = (lenMillis + 999) / 1000;
            this.bucketSeconds = Math.max(1, (lenSeconds + BUCKETS - 1) / BUCKETS);
            this.buckets = new Group[(int) ((lenMillis + bucketSeconds * 1000 - 1) / (bucketSeconds * 1000))];
        }

        /** Starts a part of the range, [from, to), whose samples each stand for {@code sampleMillis}. */
        public Builder part(String source, Instant from, Instant to, long sampleMillis) {
            endPart();
            this.source = source;
            this.partFrom = from;
            this.partTo = to;
            this.sampleMillis = sampleMillis;
            return this;
        }

        private void endPart() {
            if (source != null) {
                parts.add(new Part(source, partFrom, partTo, sampleMillis, partSamples, partSeconds));
            }
            source = null;
            partSamples = 0;
            partSeconds = 0;
        }

        /** Adds a sample of the current part; samples outside the part, or of another database, are skipped. */
        public void add(AshSample s) {
            if (source == null) {
                throw new IllegalStateException("part() first");
            }
            if (!database.equals(s.database()) || s.sampleTime().isBefore(partFrom) || !s.sampleTime().isBefore(partTo)) {
                return;
            }
            double w = sampleMillis / 1000.0;
            partSamples++;
            partSeconds += w;
            total.add(s, w);
            group(waitClasses, s.event() == null ? "CPU" : nonNull(s.waitClass(), "Other"), s, w);
            group(events, s.activity(), s, w);
            group(sql, s.sqlId() != null ? s.sqlId() : s.sqlText() != null ? "text:" + s.sqlText() : "", s, w);
            Group session = sessions.computeIfAbsent(s.sessionId(), k -> new Group());
            session.add(s, w);
            group(users, nonNull(s.user(), "(unknown)"), s, w);
            group(modules, nonNull(s.module(), "(none)"), s, w);
            if (s.blockingSession() != 0) {
                Group b = blockers.computeIfAbsent(s.blockingSession(), k -> new Group());
                b.add(s, w);
            }
            long i = Duration.between(range.from(), s.sampleTime()).toMillis() / (bucketSeconds * 1000);
            if (i >= 0 && i < buckets.length) {
                if (buckets[(int) i] == null) {
                    buckets[(int) i] = new Group();
                }
                buckets[(int) i].add(s, w);
            }
        }

        public AshReport build(int top) {
            if (top < 1) {
                throw new IllegalArgumentException("top must be at least 1, was " + top);
            }
            endPart();
            double db = total.seconds;
            List<Line> classes = lines(waitClasses, top, db, k -> null);
            List<Line> ev = lines(events, top, db, k -> events.get(k).waitClass == null ? "CPU" : events.get(k).waitClass);
            List<SqlLine> sqlLines = ranked(sql, top).stream().map(e -> {
                Group g = e.getValue();
                String id = e.getKey().isEmpty() || e.getKey().startsWith("text:") ? null : e.getKey();
                String top1 = g.topActivity();
                return new SqlLine(id, g.planHash, g.text == null ? "(no statement text)" : g.text, top1,
                        pct(g.activity.get(top1), g.seconds), g.seconds, pct(g.seconds, db), g.samples);
            }).toList();
            List<Line> sess = ranked(sessions, top).stream().map(e -> {
                Group g = e.getValue();
                String top1 = g.topActivity();
                return new Line(Long.toString(e.getKey()), nonNull(g.user, "(unknown)") + " / " + nonNull(g.module, "(none)"),
                        top1, pct(g.activity.get(top1), g.seconds), g.seconds, pct(g.seconds, db), g.samples);
            }).toList();
            List<Blocker> blk = ranked(blockers, top).stream().map(e -> {
                Group g = e.getValue();
                Group self = sessions.get(e.getKey()); // the blocker's own samples, when it was active itself
                return new Blocker(e.getKey(), self == null ? null : self.user, self == null ? null : self.module,
                        g.sids.size(), g.topActivity(), g.seconds, pct(g.seconds, db));
            }).toList();
            List<Bucket> bk = new ArrayList<>(buckets.length);
            for (int i = 0; i < buckets.length; i++) {
                Group g = buckets[i] == null ? new Group() : buckets[i];
                Instant start = range.from().plusSeconds(i * bucketSeconds);
                Instant end = i == buckets.length - 1 ? range.to() : start.plusSeconds(bucketSeconds);
                double len = Math.max(0.001, Duration.between(start, end).toMillis() / 1000.0);
                bk.add(new Bucket(start, g.seconds, g.seconds / len, g.cpuSeconds, g.seconds - g.cpuSeconds,
                        g.samples == 0 ? null : g.topActivity()));
            }
            return new AshReport(database, range, List.copyOf(parts), total.samples, db, total.cpuSeconds, classes, ev,
                    sqlLines, sess, lines(users, top, db, k -> null), lines(modules, top, db, k -> null), blk,
                    bucketSeconds, bk);
        }

        private static void group(Map<String, Group> map, String key, AshSample s, double w) {
            map.computeIfAbsent(key, k -> new Group()).add(s, w);
        }

        private static <K extends Comparable<K>> List<Map.Entry<K, Group>> ranked(Map<K, Group> map, int top) {
            // most DB time first; ties by key, so a report is deterministic
            return map.entrySet().stream()
                    .sorted(Comparator.<Map.Entry<K, Group>>comparingDouble(e -> e.getValue().seconds).reversed()
                            .thenComparing(Map.Entry::getKey))
                    .limit(top).toList();
        }

        private static List<Line> lines(Map<String, Group> map, int top, double db, Function<String, String> detail) {
            return ranked(map, top).stream().map(e -> {
                Group g = e.getValue();
                String top1 = g.topActivity();
                return new Line(e.getKey(), detail.apply(e.getKey()), top1, pct(g.activity.get(top1), g.seconds),
                        g.seconds, pct(g.seconds, db), g.samples);
            }).toList();
        }
    }

    private static double pct(Double part, double whole) {
        return part == null || whole <= 0 ? 0 : 100.0 * part / whole;
    }

    private static String nonNull(String v, String dflt) {
        return v == null ? dflt : v;
    }

    /** What the samples of one entry add up to. */
    private static final class Group {
        double seconds;
        double cpuSeconds;
        int samples;
        final Map<String, Double> activity = new HashMap<>();
        final Set<Long> sids = new HashSet<>();
        String text;
        String planHash;
        String user;
        String module;
        String waitClass;

        void add(AshSample s, double w) {
            seconds += w;
            samples++;
            if (s.event() == null) {
                cpuSeconds += w;
            }
            activity.merge(s.activity(), w, Double::sum);
            sids.add(s.sessionId());
            // the latest non-null values win: samples arrive oldest first
            if (s.sqlText() != null) {
                text = s.sqlText();
            }
            if (s.planHash() != null) {
                planHash = s.planHash();
            }
            if (s.user() != null) {
                user = s.user();
            }
            if (s.module() != null) {
                module = s.module();
            }
            if (s.waitClass() != null) {
                waitClass = s.waitClass();
            }
        }

        String topActivity() {
            return activity.entrySet().stream()
                    .max(Comparator.<Map.Entry<String, Double>>comparingDouble(Map.Entry::getValue)
                            .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                    .map(Map.Entry::getKey).orElse(null);
        }
    }
}
