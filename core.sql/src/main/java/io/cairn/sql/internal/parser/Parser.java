package io.cairn.sql.internal.parser;

import io.cairn.sql.SqlException;
import io.cairn.sql.internal.parser.Expr.BinaryOp;
import io.cairn.sql.internal.parser.Query.AsOf;
import io.cairn.sql.internal.parser.Query.AsOfKind;
import io.cairn.sql.internal.parser.Query.JoinKind;
import io.cairn.sql.internal.parser.Query.NullOrder;
import io.cairn.sql.internal.parser.Query.OrderItem;
import io.cairn.sql.internal.parser.Query.SelectItem;
import io.cairn.sql.internal.parser.Query.TableRef;
import io.cairn.sql.internal.type.SqlType;
import io.cairn.sql.internal.type.Values;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The hand-written recursive-descent parser for Cairn's SQL dialect: text in, immutable AST
 * ({@link Statement}, {@link Query}, {@link Expr}) out. Every failure is a {@link SqlException}:
 * 42601 with the line, column and offending token for a syntax error, 54001 for nesting too
 * deep to parse, 22xxx for a malformed DATE/TIMESTAMP or out-of-range literal.
 *
 * <p>Expression precedence, loosest first: OR, AND, NOT, comparison and predicates (=, &lt;&gt;,
 * IS NULL, BETWEEN, IN, LIKE), ||, + -, * / %, unary minus. Words in {@link #RESERVED} cannot be
 * bare identifiers; every other keyword can (a column may be called {@code date} or {@code key}).
 */
public final class Parser {

    /** Words that can never be an unquoted identifier or alias, because they start or end a clause. */
    static final Set<String> RESERVED = Set.of(
            "all", "and", "as", "asc", "between", "by", "case", "cast", "check", "constraint", "create", "cross",
            "default", "delete", "desc", "distinct", "drop", "else", "end", "escape", "exists", "false", "for", "from",
            "full", "group", "having", "in", "inner", "insert", "into", "is", "join", "left", "like", "limit",
            "not", "null", "nulls", "offset", "on", "or", "order", "outer", "primary", "select", "set", "table",
            "then", "true", "union", "unique", "update", "values", "when", "where", "with");

    /** Deeper nesting than this fails with 54001 rather than risking the thread's stack. */
    static final int MAX_DEPTH = 200;

    /**
     * The deepest expression tree accepted (a chain of 500 ORs is 500 deep): the compiler, the
     * evaluator and the printer recurse over the tree. Use IN for long lists of alternatives.
     */
    static final int MAX_TREE_DEPTH = 500;

    private final List<Token> tokens;
    private int index;
    private int parameters;
    private int depth;
    private int treeDepth;

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** Parses exactly one statement (a trailing semicolon is allowed). */
    public static Statement parse(String sql) throws SqlException {
        Parser p = new Parser(tokenize(sql));
        try {
            p.skipSemicolons();
            if (p.peek().kind() == Token.Kind.EOF) {
                throw p.error("a statement");
            }
            Statement s = p.statement();
            p.skipSemicolons();
            if (p.peek().kind() != Token.Kind.EOF) {
                throw p.error("end of statement");
            }
            return s;
        } catch (StackOverflowError e) {
            throw tooComplex();
        }
    }

    /** Parses statements separated by semicolons; empty statements are skipped. */
    public static List<Statement> parseScript(String sql) throws SqlException {
        Parser p = new Parser(tokenize(sql));
        List<Statement> statements = new ArrayList<>();
        try {
            while (true) {
                p.skipSemicolons();
                if (p.peek().kind() == Token.Kind.EOF) {
                    return statements;
                }
                p.parameters = 0;
                statements.add(p.statement());
                if (p.peek().kind() != Token.Kind.EOF && !p.peek().isSymbol(";")) {
                    throw p.error("; or end of input");
                }
            }
        } catch (StackOverflowError e) {
            throw tooComplex();
        }
    }

    /** Parses one expression on its own (defaults, CHECK constraints stored in the catalog, tests). */
    public static Expr parseExpression(String sql) throws SqlException {
        Parser p = new Parser(tokenize(sql));
        try {
            Expr e = p.expr();
            if (p.peek().kind() != Token.Kind.EOF) {
                throw p.error("end of expression");
            }
            return e;
        } catch (StackOverflowError e) {
            throw tooComplex();
        }
    }

    private static List<Token> tokenize(String sql) throws SqlException {
        if (sql == null) {
            throw new SqlException("syntax error: no SQL text", SqlException.SYNTAX_ERROR);
        }
        return Lexer.tokenize(sql);
    }

    private static SqlException tooComplex() {
        return new SqlException("statement too complex: nesting deeper than " + MAX_DEPTH, SqlException.STATEMENT_TOO_COMPLEX);
    }

    // ---------------------------------------------------------------- statements

    private Statement statement() throws SqlException {
        Token t = peek();
        if (t.isSymbol("(")) {
            return select(t);
        }
        if (t.kind() != Token.Kind.WORD) {
            throw error("a statement");
        }
        switch (t.text()) {
            case "select":
                return select(t);
            case "with":
                throw new SqlException("WITH queries are not supported (line "
                        + t.pos().line() + ", column " + t.pos().column() + ")", SqlException.FEATURE_NOT_SUPPORTED, t.pos().line(), t.pos().column());
            case "insert":
                return insert();
            case "update":
                return update();
            case "delete":
                return delete();
            case "create":
                return create();
            case "drop":
                return drop();
            case "alter":
                return alter();
            case "explain": {
                next();
                boolean analyze = accept("analyze");
                Token inner = peek();
                if (inner.is("explain")) {
                    throw error("a statement to explain");
                }
                return new Statement.Explain(t.pos(), analyze, statement());
            }
            case "begin":
                next();
                if (!accept("transaction")) {
                    accept("work");
                }
                return new Statement.Begin(t.pos());
            case "start":
                next();
                expect("transaction");
                return new Statement.Begin(t.pos());
            case "commit":
                next();
                if (!accept("transaction")) {
                    accept("work");
                }
                return new Statement.Commit(t.pos());
            case "rollback": {
                next();
                if (!accept("transaction")) {
                    accept("work");
                }
                String savepoint = null;
                if (accept("to")) {
                    accept("savepoint");
                    savepoint = identifier("a savepoint name");
                }
                return new Statement.Rollback(t.pos(), savepoint);
            }
            case "savepoint":
                next();
                return new Statement.Savepoint(t.pos(), identifier("a savepoint name"));
            case "release":
                next();
                accept("savepoint");
                return new Statement.ReleaseSavepoint(t.pos(), identifier("a savepoint name"));
            case "set":
                return set();
            case "show": {
                next();
                return new Statement.Show(t.pos(), parameterName());
            }
            case "vacuum": {
                next();
                boolean full = accept("full");
                String table = atStatementEnd() ? null : qualifiedName("a table name");
                return new Statement.Vacuum(t.pos(), full, table);
            }
            case "analyze": {
                next();
                accept("table");
                String table = atStatementEnd() ? null : qualifiedName("a table name");
                return new Statement.Analyze(t.pos(), table);
            }
            case "reindex": {
                next();
                boolean index;
                if (accept("index")) {
                    index = true;
                } else if (accept("table")) {
                    index = false;
                } else {
                    throw error("TABLE or INDEX");
                }
                return new Statement.Reindex(t.pos(), index, qualifiedName(index ? "an index name" : "a table name"));
            }
            case "checkpoint": {
                next();
                Statement.CheckpointMode mode = Statement.CheckpointMode.DEFAULT;
                if (accept("full")) {
                    mode = Statement.CheckpointMode.FULL;
                } else if (accept("truncate")) {
                    mode = Statement.CheckpointMode.TRUNCATE;
                } else if (accept("passive")) {
                    mode = Statement.CheckpointMode.PASSIVE;
                }
                return new Statement.Checkpoint(t.pos(), mode);
            }
            case "call":
            case "exec": {
                next();
                String name = qualifiedName("a procedure name");
                List<Expr> args = List.of();
                if (peek().isSymbol("(")) {
                    args = arguments();
                }
                return new Statement.Call(t.pos(), name, args);
            }
            default:
                throw error("a statement");
        }
    }

    private boolean atStatementEnd() {
        Token t = peek();
        return t.kind() == Token.Kind.EOF || t.isSymbol(";");
    }

    private Statement insert() throws SqlException {
        SourcePos pos = next().pos();
        expect("into");
        String table = qualifiedName("a table name");
        List<String> columns = new ArrayList<>();
        if (peek().isSymbol("(") && !isQueryStart(1)) {
            next();
            do {
                columns.add(identifier("a column name"));
            } while (acceptSymbol(","));
            expectSymbol(")");
        }
        if (accept("values")) {
            List<List<Expr>> rows = new ArrayList<>();
            do {
                expectSymbol("(");
                List<Expr> row = new ArrayList<>();
                do {
                    row.add(valueOrDefault());
                } while (acceptSymbol(","));
                expectSymbol(")");
                rows.add(row);
            } while (acceptSymbol(","));
            return new Statement.Insert(pos, table, columns, rows, null);
        }
        if (peek().is("select") || peek().isSymbol("(")) {
            return new Statement.Insert(pos, table, columns, List.of(), query());
        }
        throw error("VALUES or SELECT");
    }

    private Statement update() throws SqlException {
        SourcePos pos = next().pos();
        String table = qualifiedName("a table name");
        expect("set");
        List<Statement.Assignment> assignments = new ArrayList<>();
        do {
            SourcePos at = peek().pos();
            String column = identifier("a column name");
            expectSymbol("=");
            assignments.add(new Statement.Assignment(at, column, valueOrDefault()));
        } while (acceptSymbol(","));
        Expr where = accept("where") ? expr() : null;
        return new Statement.Update(pos, table, assignments, where);
    }

    /** An INSERT or UPDATE value: an expression or the keyword DEFAULT. */
    private Expr valueOrDefault() throws SqlException {
        Token t = peek();
        if (t.is("default")) {
            next();
            return new Expr.Default(t.pos());
        }
        return expr();
    }

    private Statement delete() throws SqlException {
        SourcePos pos = next().pos();
        expect("from");
        String table = qualifiedName("a table name");
        Expr where = accept("where") ? expr() : null;
        return new Statement.Delete(pos, table, where);
    }

    private Statement create() throws SqlException {
        SourcePos pos = next().pos();
        if (accept("table")) {
            boolean ifNotExists = ifNotExists();
            String name = qualifiedName("a table name");
            expectSymbol("(");
            List<Statement.ColumnDef> columns = new ArrayList<>();
            List<Statement.TableConstraint> constraints = new ArrayList<>();
            do {
                Token t = peek();
                if (t.is("constraint") || t.is("primary") || t.is("unique") || t.is("check")) {
                    constraints.add(tableConstraint());
                } else {
                    columns.add(columnDef());
                }
            } while (acceptSymbol(","));
            expectSymbol(")");
            if (columns.isEmpty()) {
                throw error("at least one column", pos);
            }
            List<Statement.Option> options = new ArrayList<>();
            if (accept("with")) {
                expectSymbol("(");
                do {
                    SourcePos at = peek().pos();
                    String option = qualifiedName("an option name");
                    expectSymbol("=");
                    options.add(new Statement.Option(at, option, optionValue()));
                } while (acceptSymbol(","));
                expectSymbol(")");
            }
            return new Statement.CreateTable(pos, name, ifNotExists, columns, constraints, options);
        }
        boolean unique = accept("unique");
        if (accept("index")) {
            boolean ifNotExists = ifNotExists();
            String name = qualifiedName("an index name");
            expect("on");
            String table = qualifiedName("a table name");
            expectSymbol("(");
            List<Statement.IndexColumn> columns = new ArrayList<>();
            do {
                SourcePos at = peek().pos();
                String column = identifier("a column name");
                boolean descending = accept("desc");
                if (!descending) {
                    accept("asc");
                }
                columns.add(new Statement.IndexColumn(at, column, descending));
            } while (acceptSymbol(","));
            expectSymbol(")");
            boolean invisible = accept("invisible");
            if (!invisible) {
                accept("visible");
            }
            return new Statement.CreateIndex(pos, name, unique, ifNotExists, table, columns, invisible);
        }
        throw error(unique ? "INDEX" : "TABLE or INDEX");
    }

    private boolean ifNotExists() throws SqlException {
        if (accept("if")) {
            expect("not");
            expect("exists");
            return true;
        }
        return false;
    }

    private boolean ifExists() throws SqlException {
        if (accept("if")) {
            expect("exists");
            return true;
        }
        return false;
    }

    private Statement.TableConstraint tableConstraint() throws SqlException {
        SourcePos pos = peek().pos();
        String name = accept("constraint") ? identifier("a constraint name") : null;
        if (accept("primary")) {
            expect("key");
            return new Statement.PrimaryKey(pos, name, columnList());
        } else if (accept("unique")) {
            return new Statement.Unique(pos, name, columnList());
        } else if (accept("check")) {
            expectSymbol("(");
            Expr condition = expr();
            expectSymbol(")");
            return new Statement.Check(pos, name, condition);
        }
        throw error("PRIMARY KEY, UNIQUE or CHECK");
    }

    private List<String> columnList() throws SqlException {
        expectSymbol("(");
        List<String> columns = new ArrayList<>();
        do {
            columns.add(identifier("a column name"));
        } while (acceptSymbol(","));
        expectSymbol(")");
        return columns;
    }

    private Statement.ColumnDef columnDef() throws SqlException {
        SourcePos pos = peek().pos();
        String name = identifier("a column name or constraint");
        SqlType type = type();
        boolean notNull = false;
        boolean primaryKey = false;
        boolean unique = false;
        Expr defaultValue = null;
        Expr check = null;
        while (true) {
            if (accept("constraint")) {
                identifier("a constraint name");
            }
            if (accept("not")) {
                expect("null");
                notNull = true;
            } else if (accept("null")) {
                notNull = false;
            } else if (accept("primary")) {
                expect("key");
                primaryKey = true;
            } else if (accept("unique")) {
                unique = true;
            } else if (accept("default")) {
                if (defaultValue != null) {
                    throw error("one DEFAULT per column", tokens.get(index - 1).pos());
                }
                defaultValue = concatenation();
            } else if (accept("check")) {
                expectSymbol("(");
                Expr c = expr();
                expectSymbol(")");
                check = check == null ? c : new Expr.Binary(c.pos(), BinaryOp.AND, check, c);
            } else {
                break;
            }
        }
        return new Statement.ColumnDef(pos, name, type, notNull, primaryKey, unique, defaultValue, check);
    }

    private Expr optionValue() throws SqlException {
        Token t = peek();
        if (t.kind() == Token.Kind.WORD && !t.is("true") && !t.is("false") && !t.is("null") && !isFollowedByCall()) {
            next();
            return new Expr.Literal(t.pos(), t.text());
        }
        return concatenation();
    }

    private boolean isFollowedByCall() {
        return index + 1 < tokens.size() && tokens.get(index + 1).isSymbol("(")
                || index + 1 < tokens.size() && tokens.get(index + 1).isSymbol(".");
    }

    /** A data type. */
    SqlType type() throws SqlException {
        Token t = peek();
        if (t.kind() != Token.Kind.WORD) {
            throw error("a data type");
        }
        next();
        switch (t.text()) {
            case "boolean": case "bool":
                return SqlType.BOOLEAN;
            case "int": case "integer": case "int4": case "smallint":
                return SqlType.INT;
            case "bigint": case "int8":
                return SqlType.BIGINT;
            case "double":
                accept("precision");
                return SqlType.DOUBLE;
            case "float": case "real":
                return SqlType.DOUBLE;
            case "decimal": case "numeric": {
                if (!acceptSymbol("(")) {
                    return SqlType.DECIMAL;
                }
                Token pt = peek();
                int precision = smallInt("a precision");
                int scale = 0;
                if (acceptSymbol(",")) {
                    scale = smallInt("a scale");
                }
                expectSymbol(")");
                if (precision < 1 || precision > SqlType.MAX_DECIMAL_PRECISION || scale > precision) {
                    throw error("DECIMAL precision between 1 and " + SqlType.MAX_DECIMAL_PRECISION
                            + " and a scale no larger than it", pt.pos());
                }
                return SqlType.decimal(precision, scale);
            }
            case "varchar": {
                if (!acceptSymbol("(")) {
                    return SqlType.TEXT;
                }
                Token lt = peek();
                int length = smallInt("a length");
                expectSymbol(")");
                if (length < 1) {
                    throw error("a VARCHAR length of at least 1", lt.pos());
                }
                return SqlType.varchar(length);
            }
            case "text": case "clob":
                return SqlType.TEXT;
            case "date":
                return SqlType.DATE;
            case "timestamp":
                return SqlType.TIMESTAMP;
            case "blob": case "bytea": case "varbinary":
                return SqlType.BLOB;
            default:
                index--;
                throw error("a data type");
        }
    }

    private int smallInt(String what) throws SqlException {
        Token t = peek();
        if (t.kind() != Token.Kind.INTEGER || t.text().length() > 8) {
            throw error(what);
        }
        next();
        return Integer.parseInt(t.text());
    }

    private Statement drop() throws SqlException {
        SourcePos pos = next().pos();
        if (accept("table")) {
            boolean ifExists = ifExists();
            return new Statement.DropTable(pos, qualifiedName("a table name"), ifExists);
        }
        if (accept("index")) {
            boolean ifExists = ifExists();
            return new Statement.DropIndex(pos, qualifiedName("an index name"), ifExists);
        }
        throw error("TABLE or INDEX");
    }

    private Statement alter() throws SqlException {
        SourcePos pos = next().pos();
        if (accept("table")) {
            String table = qualifiedName("a table name");
            if (accept("add")) {
                accept("column");
                return new Statement.AddColumn(pos, table, columnDef());
            }
            if (accept("drop")) {
                accept("column");
                return new Statement.DropColumn(pos, table, identifier("a column name"));
            }
            if (accept("owner")) {
                expect("to");
                return new Statement.AlterTableOwner(pos, table, identifier("a user name"));
            }
            throw error("ADD, DROP or OWNER TO");
        }
        if (accept("index")) {
            String name = qualifiedName("an index name");
            if (accept("visible")) {
                return new Statement.AlterIndex(pos, name, true);
            }
            if (accept("invisible")) {
                return new Statement.AlterIndex(pos, name, false);
            }
            throw error("VISIBLE or INVISIBLE");
        }
        if (accept("system")) {
            expect("set");
            String name = parameterName();
            if (!acceptSymbol("=")) {
                expect("to");
            }
            return new Statement.AlterSystemSet(pos, name, optionValue());
        }
        throw error("TABLE, INDEX or SYSTEM");
    }

    private Statement set() throws SqlException {
        SourcePos pos = next().pos();
        if (accept("transaction")) {
            expect("isolation");
            expect("level");
            Statement.IsolationLevel level;
            if (accept("read")) {
                expect("committed");
                level = Statement.IsolationLevel.READ_COMMITTED;
            } else if (accept("repeatable")) {
                expect("read");
                level = Statement.IsolationLevel.REPEATABLE_READ;
            } else if (accept("snapshot")) {
                level = Statement.IsolationLevel.SNAPSHOT;
            } else if (accept("serializable")) {
                level = Statement.IsolationLevel.SERIALIZABLE;
            } else {
                throw error("READ COMMITTED, REPEATABLE READ, SNAPSHOT or SERIALIZABLE");
            }
            return new Statement.SetTransaction(pos, level);
        }
        String name = parameterName();
        if (!acceptSymbol("=")) {
            expect("to");
        }
        return new Statement.SetParameter(pos, name, optionValue());
    }

    /** A configuration parameter name: any words, dotted. */
    private String parameterName() throws SqlException {
        StringBuilder sb = new StringBuilder();
        do {
            Token t = peek();
            if (t.kind() != Token.Kind.WORD && t.kind() != Token.Kind.QUOTED_IDENT) {
                throw error("a parameter name");
            }
            next();
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(t.text());
        } while (acceptSymbol("."));
        return sb.toString();
    }

    /** A query, or {@code query FOR UPDATE|SHARE [NOWAIT | SKIP LOCKED]} (only at the end of a whole statement). */
    private Statement select(Token first) throws SqlException {
        Query q = query();
        Token f = peek();
        if (!f.is("for")) {
            return new Statement.Select(first.pos(), q);
        }
        next();
        Token strength = peek();
        if (strength.is("no") || strength.is("key")) {
            throw new SqlException("FOR " + (strength.is("no") ? "NO KEY UPDATE" : "KEY SHARE")
                    + " is not supported (line " + strength.pos().line() + ", column " + strength.pos().column()
                    + "): use FOR UPDATE or FOR SHARE", SqlException.FEATURE_NOT_SUPPORTED,
                    strength.pos().line(), strength.pos().column());
        }
        boolean share = accept("share");
        if (!share) {
            expect("update");
        }
        Token of = peek();
        if (of.is("of")) {
            throw new SqlException("FOR " + (share ? "SHARE" : "UPDATE") + " OF is not supported (line " + of.pos().line()
                    + ", column " + of.pos().column() + "): it locks the rows of the query's one table",
                    SqlException.FEATURE_NOT_SUPPORTED, of.pos().line(), of.pos().column());
        }
        Statement.RowLockWait wait = Statement.RowLockWait.WAIT;
        if (accept("nowait")) {
            wait = Statement.RowLockWait.NOWAIT;
        } else if (accept("skip")) {
            expect("locked");
            wait = Statement.RowLockWait.SKIP_LOCKED;
        }
        return new Statement.SelectForUpdate(first.pos(), q, f.pos(), share, wait);
    }

    // ---------------------------------------------------------------- queries

    /** Whether the token {@code ahead} of the current one is SELECT (a subquery right after a parenthesis). */
    private boolean isSelectAt(int ahead) {
        return peekAt(ahead).is("select");
    }

    private boolean isQueryStart(int ahead) {
        int i = index + ahead;
        while (i < tokens.size() && tokens.get(i).isSymbol("(")) {
            i++;
        }
        return i < tokens.size() && tokens.get(i).is("select");
    }

    /** A full query: body, UNIONs, ORDER BY, LIMIT, OFFSET. */
    Query query() throws SqlException {
        enter();
        SourcePos pos = peek().pos();
        Query.Body body = queryTerm();
        int links = 0;
        while (accept("union")) {
            link();
            links++;
            boolean all = accept("all");
            if (!all) {
                accept("distinct");
            }
            body = new Query.Union(body.pos(), body, queryTerm(), all);
        }
        treeDepth -= links;
        List<OrderItem> orderBy = new ArrayList<>();
        if (accept("order")) {
            expect("by");
            do {
                SourcePos at = peek().pos();
                Expr e = expr();
                boolean descending = accept("desc");
                if (!descending) {
                    accept("asc");
                }
                NullOrder nulls = NullOrder.DEFAULT;
                if (accept("nulls")) {
                    if (accept("first")) {
                        nulls = NullOrder.FIRST;
                    } else {
                        expect("last");
                        nulls = NullOrder.LAST;
                    }
                }
                orderBy.add(new OrderItem(at, e, descending, nulls));
            } while (acceptSymbol(","));
        }
        Expr limit = null;
        Expr offset = null;
        if (accept("limit")) {
            limit = expr();
        }
        if (accept("offset")) {
            offset = expr();
            if (!accept("rows")) {
                accept("row");
            }
        }
        leave();
        return new Query(pos, body, orderBy, limit, offset);
    }

    private Query.Body queryTerm() throws SqlException {
        Token t = peek();
        if (t.isSymbol("(")) {
            next();
            Query q = query();
            expectSymbol(")");
            return new Query.Nested(t.pos(), q);
        }
        if (!t.is("select")) {
            throw error("SELECT");
        }
        next();
        boolean distinct = accept("distinct");
        if (!distinct) {
            accept("all");
        }
        List<SelectItem> items = new ArrayList<>();
        do {
            items.add(selectItem());
        } while (acceptSymbol(","));
        List<TableRef> from = new ArrayList<>();
        if (accept("from")) {
            do {
                from.add(tableRef());
            } while (acceptSymbol(","));
        }
        Expr where = accept("where") ? expr() : null;
        List<Expr> groupBy = new ArrayList<>();
        if (accept("group")) {
            expect("by");
            do {
                groupBy.add(expr());
            } while (acceptSymbol(","));
        }
        Expr having = accept("having") ? expr() : null;
        return new Query.Select(t.pos(), distinct, items, from, where, groupBy, having);
    }

    private SelectItem selectItem() throws SqlException {
        Token t = peek();
        if (t.isSymbol("*")) {
            next();
            return new Query.Star(t.pos(), null);
        }
        if (isIdentifier(t) && peekAt(1).isSymbol(".") && peekAt(2).isSymbol("*")) {
            next();
            next();
            next();
            return new Query.Star(t.pos(), t.text());
        }
        Expr e = expr();
        Token aliasToken = peek();
        String alias = alias();
        if (alias != null && !aliasToken.is("as") && isIdentifier(peek())) {
            // "SELECT a FORM t": the misspelt keyword read as an alias; point at it, not at t.
            index--;
            throw error("FROM");
        }
        return new Query.ExprItem(t.pos(), e, alias);
    }

    /** An optional [AS] alias. */
    private String alias() throws SqlException {
        if (accept("as")) {
            return identifier("an alias");
        }
        Token t = peek();
        if (isIdentifier(t)) {
            next();
            return t.text();
        }
        return null;
    }

    private TableRef tableRef() throws SqlException {
        TableRef left = tablePrimary();
        int links = 0;
        while (true) {
            Token t = peek();
            JoinKind kind;
            if (accept("join")) {
                kind = JoinKind.INNER;
            } else if (accept("inner")) {
                expect("join");
                kind = JoinKind.INNER;
            } else if (accept("left")) {
                accept("outer");
                expect("join");
                kind = JoinKind.LEFT;
            } else if (accept("cross")) {
                expect("join");
                kind = JoinKind.CROSS;
            } else {
                treeDepth -= links;
                return left;
            }
            link();
            links++;
            TableRef right = tablePrimary();
            Expr on = null;
            if (kind != JoinKind.CROSS) {
                expect("on");
                on = expr();
            }
            left = new Query.Join(t.pos(), kind, left, right, on);
        }
    }

    private TableRef tablePrimary() throws SqlException {
        Token t = peek();
        if (t.isSymbol("(")) {
            if (!isQueryStart(0)) {
                next();
                throw error("SELECT");
            }
            next();
            Query q = query();
            expectSymbol(")");
            return new Query.SubqueryTable(t.pos(), q, alias());
        }
        String name = qualifiedName("a table name");
        if (peek().isSymbol("(")) {
            List<Expr> args = arguments();
            return new Query.FunctionTable(t.pos(), name, args, alias());
        }
        AsOf asOf = null;
        if (peek().is("as") && peekAt(1).is("of")) {
            SourcePos at = next().pos();
            next();
            AsOfKind kind;
            if (accept("scn")) {
                kind = AsOfKind.SCN;
            } else {
                expect("timestamp");
                kind = AsOfKind.TIMESTAMP;
            }
            asOf = new AsOf(at, kind, concatenation());
        }
        return new Query.NamedTable(t.pos(), name, alias(), asOf);
    }

    // ---------------------------------------------------------------- expressions

    private void enter() throws SqlException {
        treeDepth++;
        if (++depth > MAX_DEPTH || treeDepth > MAX_TREE_DEPTH) {
            throw tooComplexHere();
        }
    }

    private void leave() {
        depth--;
        treeDepth--;
    }

    /** One more operator in a chain such as a + b + c: each makes the tree one level deeper. */
    private void link() throws SqlException {
        if (++treeDepth > MAX_TREE_DEPTH) {
            throw tooComplexHere();
        }
    }

    private SqlException tooComplexHere() {
        Token t = peek();
        return new SqlException("statement too complex at line " + t.pos().line() + ", column "
                + t.pos().column() + ": expressions may nest " + MAX_DEPTH + " deep and chain "
                + MAX_TREE_DEPTH + " operators", SqlException.STATEMENT_TOO_COMPLEX, t.pos().line(), t.pos().column());
    }

    Expr expr() throws SqlException {
        enter();
        Expr left = and();
        int links = 0;
        while (peek().is("or")) {
            SourcePos pos = next().pos();
            link();
            links++;
            left = new Expr.Binary(pos, BinaryOp.OR, left, and());
        }
        treeDepth -= links;
        leave();
        return left;
    }

    private Expr and() throws SqlException {
        Expr left = not();
        int links = 0;
        while (peek().is("and")) {
            SourcePos pos = next().pos();
            link();
            links++;
            left = new Expr.Binary(pos, BinaryOp.AND, left, not());
        }
        treeDepth -= links;
        return left;
    }

    private Expr not() throws SqlException {
        if (peek().is("not")) {
            SourcePos pos = next().pos();
            enter();
            Expr operand = not();
            leave();
            return new Expr.Unary(pos, Expr.UnaryOp.NOT, operand);
        }
        return comparison();
    }

    private Expr comparison() throws SqlException {
        Expr left = concatenation();
        int links = 0;
        while (true) {
            if (links > 0) {
                link();
            }
            links++;
            Token t = peek();
            BinaryOp op = comparisonOp(t);
            if (op != null) {
                next();
                left = new Expr.Binary(t.pos(), op, left, concatenation());
                continue;
            }
            if (t.is("is")) {
                next();
                boolean negated = accept("not");
                expect("null");
                left = new Expr.IsNull(t.pos(), left, negated);
                continue;
            }
            boolean negated = false;
            if (t.is("not") && (peekAt(1).is("between") || peekAt(1).is("in") || peekAt(1).is("like"))) {
                next();
                negated = true;
            }
            if (accept("between")) {
                Expr low = concatenation();
                expect("and");
                left = new Expr.Between(t.pos(), left, low, concatenation(), negated);
            } else if (accept("in")) {
                expectSymbol("(");
                if (isSelectAt(0)) {
                    Query q = query();
                    expectSymbol(")");
                    left = new Expr.InSubquery(t.pos(), left, q, negated);
                } else {
                    List<Expr> values = new ArrayList<>();
                    do {
                        values.add(expr());
                    } while (acceptSymbol(","));
                    expectSymbol(")");
                    left = new Expr.InList(t.pos(), left, values, negated);
                }
            } else if (accept("like")) {
                Expr pattern = concatenation();
                Expr escape = accept("escape") ? concatenation() : null;
                left = new Expr.Like(t.pos(), left, pattern, escape, negated);
            } else {
                treeDepth -= links - 1;
                return left;
            }
        }
    }

    private static BinaryOp comparisonOp(Token t) {
        if (t.kind() != Token.Kind.SYMBOL) {
            return null;
        }
        switch (t.text()) {
            case "=": return BinaryOp.EQ;
            case "<>": case "!=": return BinaryOp.NE;
            case "<": return BinaryOp.LT;
            case "<=": return BinaryOp.LE;
            case ">": return BinaryOp.GT;
            case ">=": return BinaryOp.GE;
            default: return null;
        }
    }

    private Expr concatenation() throws SqlException {
        Expr left = additive();
        int links = 0;
        while (peek().isSymbol("||")) {
            SourcePos pos = next().pos();
            link();
            links++;
            left = new Expr.Binary(pos, BinaryOp.CONCAT, left, additive());
        }
        treeDepth -= links;
        return left;
    }

    private Expr additive() throws SqlException {
        Expr left = multiplicative();
        int links = 0;
        while (true) {
            Token t = peek();
            BinaryOp op = t.isSymbol("+") ? BinaryOp.ADD : t.isSymbol("-") ? BinaryOp.SUB : null;
            if (op == null) {
                treeDepth -= links;
                return left;
            }
            next();
            link();
            links++;
            left = new Expr.Binary(t.pos(), op, left, multiplicative());
        }
    }

    private Expr multiplicative() throws SqlException {
        Expr left = unary();
        int links = 0;
        while (true) {
            Token t = peek();
            BinaryOp op = t.isSymbol("*") ? BinaryOp.MUL : t.isSymbol("/") ? BinaryOp.DIV
                    : t.isSymbol("%") ? BinaryOp.MOD : null;
            if (op == null) {
                treeDepth -= links;
                return left;
            }
            next();
            link();
            links++;
            left = new Expr.Binary(t.pos(), op, left, unary());
        }
    }

    private Expr unary() throws SqlException {
        Token t = peek();
        if (t.isSymbol("-") || t.isSymbol("+")) {
            next();
            enter();
            Expr operand = unary();
            leave();
            if (t.isSymbol("+")) {
                return new Expr.Unary(t.pos(), Expr.UnaryOp.PLUS, operand);
            }
            if (operand instanceof Expr.Literal lit && lit.value() instanceof Number n) {
                return new Expr.Literal(t.pos(), negate(n));
            }
            return new Expr.Unary(t.pos(), Expr.UnaryOp.NEG, operand);
        }
        return primary();
    }

    /** Folds a minus sign into a numeric literal, narrowing to the smallest integer type that fits. */
    private static Object negate(Number n) {
        if (n instanceof Integer i) {
            return i == Integer.MIN_VALUE ? (Object) (-(long) i) : (Object) (-i);
        } else if (n instanceof Long l) {
            if (l == Long.MIN_VALUE) {
                return BigDecimal.valueOf(l).negate();
            }
            long v = -l;
            return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? (Object) (int) v : (Object) v;
        } else if (n instanceof BigDecimal d) {
            BigDecimal v = d.negate();
            if (v.scale() == 0 && v.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) == 0) {
                return Long.MIN_VALUE;
            }
            return v;
        }
        return -n.doubleValue();
    }

    private Expr primary() throws SqlException {
        Token t = peek();
        switch (t.kind()) {
            case INTEGER:
                next();
                return new Expr.Literal(t.pos(), integerLiteral(t.text()));
            case DECIMAL:
                next();
                return new Expr.Literal(t.pos(), new BigDecimal(t.text()));
            case FLOAT: {
                next();
                double d = Double.parseDouble(t.text());
                if (Double.isInfinite(d)) {
                    throw new SqlException("numeric literal out of range at line "
                            + t.pos().line() + ", column " + t.pos().column() + ": " + t.raw(), SqlException.NUMERIC_OUT_OF_RANGE, t.pos().line(), t.pos().column());
                }
                return new Expr.Literal(t.pos(), d);
            }
            case STRING:
                next();
                return new Expr.Literal(t.pos(), t.text());
            case HEX:
                next();
                return new Expr.Literal(t.pos(), java.util.HexFormat.of().parseHex(t.text()));
            case PARAM:
                next();
                return new Expr.Parameter(t.pos(), ++parameters);
            case SYMBOL:
                if (t.isSymbol("(")) {
                    next();
                    if (isSelectAt(0)) {
                        Query q = query();
                        expectSymbol(")");
                        return new Expr.ScalarSubquery(t.pos(), q);
                    }
                    Expr e = expr();
                    expectSymbol(")");
                    return e;
                }
                throw error("an expression");
            case QUOTED_IDENT:
                return nameOrCall();
            case WORD:
                return wordPrimary(t);
            default:
                throw error("an expression");
        }
    }

    private static Object integerLiteral(String digits) {
        if (digits.length() <= 18) {
            long v = Long.parseLong(digits);
            return v <= Integer.MAX_VALUE ? (Object) (int) v : (Object) v;
        }
        BigInteger v = new BigInteger(digits);
        return v.bitLength() < 64 ? (Object) v.longValue() : new BigDecimal(v);
    }

    private Expr wordPrimary(Token t) throws SqlException {
        switch (t.text()) {
            case "null":
                next();
                return new Expr.Literal(t.pos(), null);
            case "true":
                next();
                return new Expr.Literal(t.pos(), Boolean.TRUE);
            case "false":
                next();
                return new Expr.Literal(t.pos(), Boolean.FALSE);
            case "case":
                return caseExpr();
            case "cast": {
                next();
                expectSymbol("(");
                Expr operand = expr();
                expect("as");
                SqlType type = type();
                expectSymbol(")");
                return new Expr.Cast(t.pos(), operand, type);
            }
            case "exists": {
                next();
                expectSymbol("(");
                if (!isQueryStart(0)) {
                    throw error("SELECT");
                }
                Query q = query();
                expectSymbol(")");
                return new Expr.Exists(t.pos(), q);
            }
            case "date":
            case "timestamp":
                if (peekAt(1).kind() == Token.Kind.STRING) {
                    next();
                    Token literal = next();
                    try {
                        Object value = t.text().equals("date") ? Values.parseDate(literal.text())
                                : Values.parseTimestamp(literal.text());
                        return new Expr.Literal(t.pos(), value);
                    } catch (SqlException e) {
                        throw new SqlException(e.getMessage() + " at line " + literal.pos().line()
                                + ", column " + literal.pos().column(), e.getSQLState(), literal.pos().line(), literal.pos().column());
                    }
                }
                break;
            case "current_date":
            case "current_timestamp":
            case "localtimestamp":
                if (!peekAt(1).isSymbol("(")) {
                    next();
                    return new Expr.FunctionCall(t.pos(), t.text().equals("localtimestamp") ? "current_timestamp" : t.text(),
                            List.of(), false, false);
                }
                break;
            case "extract":
                if (peekAt(1).isSymbol("(")) {
                    next();
                    next();
                    Token field = peek();
                    if (field.kind() != Token.Kind.WORD) {
                        throw error("a date/time field");
                    }
                    next();
                    expect("from");
                    Expr source = expr();
                    expectSymbol(")");
                    return new Expr.Extract(t.pos(), field.text(), source);
                }
                break;
            case "substring":
                if (peekAt(1).isSymbol("(")) {
                    next();
                    next();
                    List<Expr> args = new ArrayList<>();
                    args.add(expr());
                    if (accept("from")) {
                        args.add(expr());
                        if (accept("for")) {
                            args.add(expr());
                        }
                    } else if (accept("for")) {
                        args.add(new Expr.Literal(t.pos(), 1));
                        args.add(expr());
                    } else {
                        while (acceptSymbol(",")) {
                            args.add(expr());
                        }
                    }
                    expectSymbol(")");
                    return new Expr.FunctionCall(t.pos(), "substring", args, false, false);
                }
                break;
            case "position":
                if (peekAt(1).isSymbol("(")) {
                    next();
                    next();
                    Expr needle = concatenation();
                    List<Expr> args;
                    if (accept("in")) {
                        args = List.of(needle, expr());
                    } else {
                        expectSymbol(",");
                        args = List.of(needle, expr());
                    }
                    expectSymbol(")");
                    return new Expr.FunctionCall(t.pos(), "position", args, false, false);
                }
                break;
            case "trim":
                if (peekAt(1).isSymbol("(")) {
                    return trim(t);
                }
                break;
            default:
                break;
        }
        if (RESERVED.contains(t.text())) {
            throw error("an expression");
        }
        return nameOrCall();
    }

    private Expr trim(Token t) throws SqlException {
        next();
        next();
        String name = "trim";
        boolean spec = false;
        if (accept("leading")) {
            name = "ltrim";
            spec = true;
        } else if (accept("trailing")) {
            name = "rtrim";
            spec = true;
        } else if (accept("both")) {
            spec = true;
        }
        Expr chars = null;
        Expr source;
        if (accept("from")) {
            source = expr();
        } else {
            Expr first = expr();
            if (accept("from")) {
                chars = first;
                source = expr();
            } else if (!spec && acceptSymbol(",")) {
                source = first;
                chars = expr();
            } else {
                if (spec) {
                    throw error("FROM");
                }
                source = first;
            }
        }
        expectSymbol(")");
        List<Expr> args = chars == null ? List.of(source) : List.of(source, chars);
        return new Expr.FunctionCall(t.pos(), name, args, false, false);
    }

    private Expr caseExpr() throws SqlException {
        SourcePos pos = next().pos();
        Expr operand = peek().is("when") ? null : expr();
        List<Expr.When> whens = new ArrayList<>();
        while (peek().is("when")) {
            SourcePos at = next().pos();
            Expr condition = expr();
            expect("then");
            whens.add(new Expr.When(at, condition, expr()));
        }
        if (whens.isEmpty()) {
            throw error("WHEN");
        }
        Expr otherwise = accept("else") ? expr() : null;
        expect("end");
        return new Expr.Case(pos, operand, whens, otherwise);
    }

    /** A column reference ({@code c}, {@code t.c}) or a function call ({@code f(...)}, {@code a.f(...)}). */
    private Expr nameOrCall() throws SqlException {
        Token first = next();
        String firstName = first.text();
        if (peek().isSymbol("(")) {
            return call(first.pos(), firstName);
        }
        if (peek().isSymbol(".")) {
            next();
            Token second = peek();
            if (!isIdentifier(second) && second.kind() != Token.Kind.WORD) {
                throw error("a column name");
            }
            next();
            if (peek().isSymbol("(")) {
                return call(first.pos(), firstName + "." + second.text());
            }
            if (second.kind() == Token.Kind.WORD && RESERVED.contains(second.text())) {
                index--;
                throw error("a column name");
            }
            return new Expr.ColumnRef(first.pos(), firstName, second.text());
        }
        return new Expr.ColumnRef(first.pos(), null, firstName);
    }

    private Expr call(SourcePos pos, String name) throws SqlException {
        expectSymbol("(");
        if (acceptSymbol("*")) {
            expectSymbol(")");
            return new Expr.FunctionCall(pos, name, List.of(), false, true);
        }
        boolean distinct = accept("distinct");
        if (!distinct) {
            accept("all");
        }
        List<Expr> args = new ArrayList<>();
        if (!peek().isSymbol(")")) {
            do {
                args.add(expr());
            } while (acceptSymbol(","));
        } else if (distinct) {
            throw error("an expression");
        }
        expectSymbol(")");
        return new Expr.FunctionCall(pos, name, args, distinct, false);
    }

    private List<Expr> arguments() throws SqlException {
        expectSymbol("(");
        List<Expr> args = new ArrayList<>();
        if (!peek().isSymbol(")")) {
            do {
                args.add(expr());
            } while (acceptSymbol(","));
        }
        expectSymbol(")");
        return args;
    }

    // ---------------------------------------------------------------- tokens

    private static boolean isIdentifier(Token t) {
        return t.kind() == Token.Kind.QUOTED_IDENT || t.kind() == Token.Kind.WORD && !RESERVED.contains(t.text());
    }

    private String identifier(String what) throws SqlException {
        Token t = peek();
        if (!isIdentifier(t)) {
            throw error(what);
        }
        next();
        return t.text();
    }

    /** A possibly dotted name such as {@code awr.snapshot} or {@code information_schema.tables}. */
    private String qualifiedName(String what) throws SqlException {
        StringBuilder sb = new StringBuilder(identifier(what));
        // After a dot any word is a name part: backup.full is unambiguous.
        while (peek().isSymbol(".") && (peekAt(1).kind() == Token.Kind.WORD || peekAt(1).kind() == Token.Kind.QUOTED_IDENT)) {
            next();
            sb.append('.').append(next().text());
        }
        return sb.toString();
    }

    private Token peek() {
        return tokens.get(index);
    }

    private Token peekAt(int ahead) {
        return tokens.get(Math.min(index + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(index);
        if (t.kind() != Token.Kind.EOF) {
            index++;
        }
        return t;
    }

    private boolean accept(String word) {
        if (peek().is(word)) {
            index++;
            return true;
        }
        return false;
    }

    private boolean acceptSymbol(String symbol) {
        if (peek().isSymbol(symbol)) {
            index++;
            return true;
        }
        return false;
    }

    private void expect(String word) throws SqlException {
        if (!accept(word)) {
            throw error(word.toUpperCase(java.util.Locale.ROOT));
        }
    }

    private void expectSymbol(String symbol) throws SqlException {
        if (!acceptSymbol(symbol)) {
            throw error("\"" + symbol + "\"");
        }
    }

    private void skipSemicolons() {
        while (acceptSymbol(";")) {
            // empty statements
        }
    }

    private SqlException error(String expected) {
        return error(expected, null);
    }

    private SqlException error(String expected, SourcePos at) {
        Token t = peek();
        SourcePos pos = at != null ? at : t.pos();
        String near = at != null ? "" : " near " + t.describe();
        return new SqlException("syntax error at line " + pos.line() + ", column "
                + pos.column() + near + ": expected " + expected, SqlException.SYNTAX_ERROR, pos.line(), pos.column());
    }
}
