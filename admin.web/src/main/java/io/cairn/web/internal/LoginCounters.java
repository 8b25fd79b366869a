package io.cairn.web.internal;

import java.util.concurrent.atomic.AtomicLong;

import io.cairn.web.LoginStats;

/** Counts password logins, for {@code failed_logins_total}. */
final class LoginCounters implements LoginStats {

    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong succeeded = new AtomicLong();

    Identity count(Identity identity) {
        (identity == null ? failed : succeeded).incrementAndGet();
        return identity;
    }

    @Override
    public long failedLoginsTotal() {
        return failed.get();
    }

    @Override
    public long successfulLoginsTotal() {
        return succeeded.get();
    }
}
