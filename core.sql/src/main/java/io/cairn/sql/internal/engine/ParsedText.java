package io.cairn.sql.internal.engine;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import io.cairn.sql.instrument.StatementDigest;
import io.cairn.sql.internal.parser.Digests;
import io.cairn.sql.internal.parser.Expr;
import io.cairn.sql.internal.parser.Shapes;
import io.cairn.sql.internal.parser.Statement;

/**
 * One entry of the engine's parse cache: a SQL text's statement, its plan-cache shape (the
 * literals a shared plan reads as hidden parameters) and, computed the first time
 * instrumentation asks, its digest. One lookup by text finds all three.
 */
final class ParsedText {

    private static final Object[] NO_VALUES = new Object[0];

    final String sql;
    final Statement statement;
    /** Null when the statement has no literal a plan could read by slot: its plan is cached by text. */
    final Shapes.Shape shape;
    /** The hidden literals' values, slot 0 first (shared, never written). */
    final Object[] hiddenValues;
    /** The hidden literals of {@link #statement} to their slots, or null. */
    final Map<Expr.Literal, Integer> slots;
    /** The text has an X'..' literal (a mutable byte[]): no cache keeps it. */
    final boolean blob;
    /** Whether the statement may make tables or indexes take more pages (StatementHandle.growsStorage). */
    final boolean growsStorage;
    private volatile StatementDigest digest;
    /** The cached entry of the same text whose digest this one shares, or null. */
    private final ParsedText origin;

    ParsedText(String sql, Statement statement) {
        this.sql = sql;
        this.statement = statement;
        this.shape = cachesPlans(statement) ? Shapes.of(sql, statement) : null;
        this.hiddenValues = shape == null ? NO_VALUES : shape.values();
        this.slots = shape == null ? null : slots(shape.literals());
        this.blob = Shapes.hasBlobLiteral(sql);
        this.growsStorage = Instrumentation.growsStorage(statement);
        this.origin = null;
    }

    /** {@code st}, parsed from the same text as {@code cached} by someone else: the same shape, its own literals. */
    ParsedText(ParsedText cached, Statement st) {
        this.sql = cached.sql;
        this.statement = st;
        List<Expr.Literal> own = cached.shape == null ? null : cached.shape.literalsOf(st);
        this.shape = own == null ? null : cached.shape;
        this.hiddenValues = own == null ? NO_VALUES : cached.hiddenValues;
        this.slots = own == null ? null : slots(own);
        this.blob = cached.blob;
        this.growsStorage = cached.growsStorage;
        this.origin = cached;
    }

    /** Only statements whose plans the plan cache keeps get a shape; the others keep their literals. */
    private static boolean cachesPlans(Statement st) {
        return st instanceof Statement.Select || st instanceof Statement.Insert || st instanceof Statement.Update
                || st instanceof Statement.Delete;
    }

    static Map<Expr.Literal, Integer> slots(List<Expr.Literal> literals) {
        Map<Expr.Literal, Integer> m = new IdentityHashMap<>(literals.size() * 2);
        for (int i = 0; i < literals.size(); i++) {
            m.put(literals.get(i), i);
        }
        return m;
    }

    /** When this text's statements read the thread CPU clock; shared with the cached entry of the same text. */
    private CpuHistory cpu;

    CpuHistory cpuHistory() {
        if (origin != null) {
            return origin.cpuHistory();
        }
        CpuHistory h = cpu;
        if (h == null) { // racing threads may each make one: either will do
            h = new CpuHistory();
            cpu = h;
        }
        return h;
    }

    private String command;
    private String eventText;
    /** The plan-cache keys of this text (by exact text, by shape), without and with invisible indexes. */
    private final PlanCache.Key[] keys = new PlanCache.Key[4];

    /** The plan-cache key of this text by its shape ({@code shape}, only if it has one) or its exact text. */
    PlanCache.Key key(boolean shape, boolean invisibleIndexes) {
        int i = (shape ? 2 : 0) + (invisibleIndexes ? 1 : 0);
        PlanCache.Key k = keys[i];
        if (k == null) { // racing threads may each make one: equal keys, either will do
            k = shape ? new PlanCache.Key(this.shape.key(), true, invisibleIndexes,
                    this.shape.text() != null ? this.shape.text() : sql)
                    : new PlanCache.Key(sql, false, invisibleIndexes, sql);
            keys[i] = k;
        }
        return k;
    }

    /** SELECT, INSERT, CREATE TABLE...: the statement's kind in words, for events (looked up once per text). */
    String command() {
        String c = command;
        if (c == null) {
            c = Instrumentation.command(statement);
            command = c;
        }
        return c;
    }

    /** The text as events carry it: cut to StatementListener.MAX_TEXT_LENGTH characters (once per text). */
    String eventText() {
        String t = eventText;
        if (t == null) {
            t = Instrumentation.cut(sql);
            eventText = t;
        }
        return t;
    }

    /** The statement digest (literals and IN lists as {@code ?}), computed once per text. */
    StatementDigest digest() {
        if (origin != null) {
            return origin.digest();
        }
        StatementDigest d = digest;
        if (d == null) {
            d = Digests.of(sql);
            digest = d;
        }
        return d;
    }
}
