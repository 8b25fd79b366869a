package io.cairn.sql.internal.parser;

import io.cairn.sql.internal.type.SqlType;
import java.util.List;

/**
 * A parsed SQL statement: one record per statement kind, each with the position of its first
 * token. Names are lower-cased unless they were quoted; dotted names keep their dots.
 */
public sealed interface Statement {

    SourcePos pos();

    // ---- queries and DML

    record Select(SourcePos pos, Query query) implements Statement {
    }

    /** How SELECT ... FOR UPDATE treats a row another transaction holds locked. */
    enum RowLockWait { WAIT, NOWAIT, SKIP_LOCKED }

    /**
     * {@code query FOR UPDATE|SHARE [NOWAIT | SKIP LOCKED]}: the query's rows, each locked as
     * UPDATE would ({@code share}: in SHARED mode); {@code forPos} is where the FOR clause starts
     * (errors about it point there).
     */
    record SelectForUpdate(SourcePos pos, Query query, SourcePos forPos, boolean share, RowLockWait lockWait)
            implements Statement {

        /** "FOR UPDATE" or "FOR SHARE", for messages. */
        public String clause() {
            return share ? "FOR SHARE" : "FOR UPDATE";
        }
    }

    /** {@code columns} is empty when not listed; exactly one of {@code rows} and {@code query} is used. */
    record Insert(SourcePos pos, String table, List<String> columns, List<List<Expr>> rows, Query query)
            implements Statement {
        public Insert {
            columns = List.copyOf(columns);
            rows = rows.stream().map(List::copyOf).toList();
        }
    }

    record Assignment(SourcePos pos, String column, Expr value) {
    }

    record Update(SourcePos pos, String table, List<Assignment> assignments, Expr where) implements Statement {
        public Update {
            assignments = List.copyOf(assignments);
        }
    }

    record Delete(SourcePos pos, String table, Expr where) implements Statement {
    }

    // ---- DDL

    /** A column definition; {@code defaultValue} and {@code check} are null when absent. */
    record ColumnDef(SourcePos pos, String name, SqlType type, boolean notNull, boolean primaryKey, boolean unique,
            Expr defaultValue, Expr check) {
    }

    sealed interface TableConstraint {
        SourcePos pos();

        /** The CONSTRAINT name, or null. */
        String name();
    }

    record PrimaryKey(SourcePos pos, String name, List<String> columns) implements TableConstraint {
        public PrimaryKey {
            columns = List.copyOf(columns);
        }
    }

    record Unique(SourcePos pos, String name, List<String> columns) implements TableConstraint {
        public Unique {
            columns = List.copyOf(columns);
        }
    }

    record Check(SourcePos pos, String name, Expr condition) implements TableConstraint {
    }

    /** A {@code name = value} pair of a {@code WITH (...)} table option list or {@code ALTER SYSTEM SET}. */
    record Option(SourcePos pos, String name, Expr value) {
    }

    record CreateTable(SourcePos pos, String name, boolean ifNotExists, List<ColumnDef> columns,
            List<TableConstraint> constraints, List<Option> options) implements Statement {
        public CreateTable {
            columns = List.copyOf(columns);
            constraints = List.copyOf(constraints);
            options = List.copyOf(options);
        }
    }

    record DropTable(SourcePos pos, String name, boolean ifExists) implements Statement {
    }

    record AddColumn(SourcePos pos, String table, ColumnDef column) implements Statement {
    }

    record DropColumn(SourcePos pos, String table, String column) implements Statement {
    }

    record IndexColumn(SourcePos pos, String name, boolean descending) {
    }

    record CreateIndex(SourcePos pos, String name, boolean unique, boolean ifNotExists, String table,
            List<IndexColumn> columns, boolean invisible) implements Statement {
        public CreateIndex {
            columns = List.copyOf(columns);
        }
    }

    record AlterIndex(SourcePos pos, String name, boolean visible) implements Statement {
    }

    /** {@code ALTER TABLE name OWNER TO user}: whose storage quota the table counts against. */
    record AlterTableOwner(SourcePos pos, String table, String owner) implements Statement {
    }

    record DropIndex(SourcePos pos, String name, boolean ifExists) implements Statement {
    }

    // ---- EXPLAIN and transactions

    record Explain(SourcePos pos, boolean analyze, Statement statement) implements Statement {
    }

    record Begin(SourcePos pos) implements Statement {
    }

    record Commit(SourcePos pos) implements Statement {
    }

    /** {@code savepoint} is null for a plain ROLLBACK. */
    record Rollback(SourcePos pos, String savepoint) implements Statement {
    }

    record Savepoint(SourcePos pos, String name) implements Statement {
    }

    record ReleaseSavepoint(SourcePos pos, String name) implements Statement {
    }

    enum IsolationLevel { READ_COMMITTED, REPEATABLE_READ, SNAPSHOT, SERIALIZABLE }

    record SetTransaction(SourcePos pos, IsolationLevel level) implements Statement {
    }

    // ---- session, system and maintenance

    /** {@code SET name = value}; a bare word value is a string literal. */
    record SetParameter(SourcePos pos, String name, Expr value) implements Statement {
    }

    record Show(SourcePos pos, String name) implements Statement {
    }

    /** {@code table} is null for the whole database. */
    record Vacuum(SourcePos pos, boolean full, String table) implements Statement {
    }

    /** {@code table} is null for every table. */
    record Analyze(SourcePos pos, String table) implements Statement {
    }

    record Reindex(SourcePos pos, boolean index, String name) implements Statement {
    }

    enum CheckpointMode { DEFAULT, PASSIVE, FULL, TRUNCATE }

    record Checkpoint(SourcePos pos, CheckpointMode mode) implements Statement {
    }

    record AlterSystemSet(SourcePos pos, String name, Expr value) implements Statement {
    }

    /** {@code CALL name(args)} or {@code EXEC name(args)}. */
    record Call(SourcePos pos, String name, List<Expr> args) implements Statement {
        public Call {
            args = List.copyOf(args);
        }
    }
}
