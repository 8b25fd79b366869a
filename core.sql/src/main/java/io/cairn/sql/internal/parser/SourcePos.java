package io.cairn.sql.internal.parser;

/** A place in the SQL text: 1-based line and column (columns count UTF-16 chars). */
public record SourcePos(int line, int column) {

    @Override
    public String toString() {
        return "line " + line + ", column " + column;
    }
}
