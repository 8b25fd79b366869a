package io.cairn.txn;

/** Table lock modes: DML takes SHARED implicitly, DDL takes EXCLUSIVE. */
public enum TableLockMode {
    SHARED,
    EXCLUSIVE
}
