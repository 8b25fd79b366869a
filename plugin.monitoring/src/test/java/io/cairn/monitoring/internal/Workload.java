package io.cairn.monitoring.internal;

import java.nio.ByteBuffer;

import io.cairn.txn.IsolationLevel;
import io.cairn.txn.Session;
import io.cairn.txn.Transaction;

/** Real activity against a {@link TestDatabase}: committed and rolled-back writes. */
public final class Workload {

    private Workload() {
    }

    public static void run(TestDatabase db, int commits, int rollbacks) {
        if (!db.transactions().tables().contains("accounts")) {
            db.transactions().createTable("accounts");
        }
        try (Session s = db.transactions().openSession("teller", "workload")) {
            for (int i = 0; i < commits + rollbacks; i++) {
                Transaction t = s.begin(IsolationLevel.SNAPSHOT);
                t.put("accounts", ByteBuffer.allocate(8).putLong(i).array(), ("balance " + i).getBytes());
                if (i < commits) {
                    t.commit();
                } else {
                    t.rollback();
                }
            }
        }
    }
}
