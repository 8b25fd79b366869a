package io.cairn.monitoring.internal.ash;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The top lists of an ASH window, as {@code cairn:ash-top} prints them: SQL texts, wait events
 * (ON CPU included) and sessions ranked by the samples they appear in. A sample is one second of
 * a session's activity at the default interval, so samples approximate DB time.
 */
public record AshTop(int samples, List<Entry> topSql, List<Entry> topEvents, List<Entry> topSessions) {

    /**
     * One ranked entry: the key (SQL text, event, session id), its samples and share of all
     * samples, and a detail (the wait class of an event; the user and most frequent activity of a session).
     */
    public record Entry(String key, String detail, int samples, double percent) {
    }

    public static AshTop of(List<AshSample> window, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the number of entries must be at least 1, was " + limit);
        }
        int total = window.size();
        // One statement shape is one entry: grouped by digest, shown by its latest text.
        List<Entry> sql = rank(window, s -> s.sqlId() != null ? s.sqlId() : s.sqlText() == null ? "(no statement text)" : s.sqlText(),
                group -> group.get(group.size() - 1).sqlId(), total, limit);
        sql = sql.stream().map(e -> e.detail() == null ? e
                : new Entry(latestText(window, e.detail()), e.detail(), e.samples(), e.percent())).toList();
        List<Entry> events = rank(window, AshSample::activity,
                group -> group.get(0).event() == null ? "CPU" : group.get(0).waitClass(), total, limit);
        List<Entry> sessions = rank(window, s -> Long.toString(s.sessionId()),
                group -> group.get(group.size() - 1).user() + ", mostly " + mostFrequent(group, AshSample::activity),
                total, limit);
        return new AshTop(total, sql, events, sessions);
    }

    private static List<Entry> rank(List<AshSample> window, Function<AshSample, String> key,
            Function<List<AshSample>, String> detail, int total, int limit) {
        Map<String, List<AshSample>> groups = new HashMap<>();
        for (AshSample s : window) {
            groups.computeIfAbsent(key.apply(s), k -> new java.util.ArrayList<>()).add(s);
        }
        return groups.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, List<AshSample>>>comparingInt(e -> e.getValue().size()).reversed()
                        .thenComparing(Map.Entry::getKey))
                .limit(limit)
                .map(e -> new Entry(e.getKey(), detail.apply(e.getValue()), e.getValue().size(),
                        100.0 * e.getValue().size() / total))
                .toList();
    }

    private static String latestText(List<AshSample> window, String sqlId) {
        for (int i = window.size() - 1; i >= 0; i--) {
            AshSample s = window.get(i);
            if (sqlId.equals(s.sqlId()) && s.sqlText() != null) {
                return s.sqlText();
            }
        }
        return "(no statement text)";
    }

    /** Active sessions over time: one bucket per {@code bucketSeconds} from {@code from}, empty buckets included. */
    public record Bucket(Instant start, int samples, int onCpu, int waiting) {
    }

    public static List<Bucket> activity(List<AshSample> window, Instant from, Instant to, long bucketSeconds) {
        if (bucketSeconds < 1) {
            throw new IllegalArgumentException("the bucket must be at least 1 second, was " + bucketSeconds);
        }
        int n = (int) Math.max(1, (java.time.Duration.between(from, to).toSeconds() + bucketSeconds - 1) / bucketSeconds);
        int[] cpu = new int[n];
        int[] waiting = new int[n];
        for (AshSample s : window) {
            long i = java.time.Duration.between(from, s.sampleTime()).toSeconds() / bucketSeconds;
            if (i >= 0 && i < n) {
                if (s.event() == null) {
                    cpu[(int) i]++;
                } else {
                    waiting[(int) i]++;
                }
            }
        }
        List<Bucket> out = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new Bucket(from.plusSeconds(i * bucketSeconds), cpu[i] + waiting[i], cpu[i], waiting[i]));
        }
        return out;
    }

    private static String mostFrequent(List<AshSample> group, Function<AshSample, String> f) {
        Map<String, Integer> counts = new HashMap<>();
        group.forEach(s -> counts.merge(Objects.toString(f.apply(s)), 1, Integer::sum));
        return counts.entrySet().stream()
                // most samples; ties go to the alphabetically first, so the report is deterministic
                .max(Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue)
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .map(Map.Entry::getKey).orElse("");
    }
}
