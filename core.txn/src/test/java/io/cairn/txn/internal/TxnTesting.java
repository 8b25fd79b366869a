package io.cairn.txn.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.junit.jupiter.api.function.Executable;

import io.cairn.storage.StorageOptions;
import io.cairn.txn.LockSnapshot;
import io.cairn.txn.TransactionException;
import io.cairn.txn.TransactionOptions;

/** Helpers shared by the transaction tests: small stores, int keys and values, blocked calls. */
final class TxnTesting {

    /** A crash image: the files of a database that is still open, copied as they are on disk. */
    static void copyDirectory(Path from, Path to) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (java.nio.file.Files.isDirectory(p)) {
                    java.nio.file.Files.createDirectories(target);
                } else {
                    java.nio.file.Files.copy(p, target);
                }
            }
        }
    }

    static final boolean LONG = Boolean.getBoolean("cairn.test.long");

    /** One thread per blocked call: the common pool may have fewer threads than a deadlock cycle. */
    static final ExecutorService THREADS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "txn-test");
        t.setDaemon(true);
        return t;
    });

    private TxnTesting() {
    }

    static StorageOptions storageOptions() {
        return StorageOptions.defaults().withBufferPoolBytes(8L << 20).withWalSegmentBytes(4L << 20)
                .withCheckpointWalBytes(32L << 20);
    }

    static TransactionOptions options() {
        return TransactionOptions.defaults().withLockTimeout(Duration.ofSeconds(10))
                .withDeadlockCheckInterval(Duration.ofMillis(20));
    }

    static TransactionManagerImpl open(Path dir) {
        return TransactionManagerImpl.open(dir, storageOptions(), options());
    }

    static TransactionManagerImpl open(Path dir, TransactionOptions options) {
        return TransactionManagerImpl.open(dir, storageOptions(), options);
    }

    static byte[] key(int k) {
        return ByteBuffer.allocate(4).putInt(k ^ Integer.MIN_VALUE).array();
    }

    static int keyOf(byte[] k) {
        return ByteBuffer.wrap(k).getInt() ^ Integer.MIN_VALUE;
    }

    static byte[] val(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    static Long valOf(byte[] v) {
        return v == null ? null : ByteBuffer.wrap(v).getLong();
    }

    /** Starts {@code call} on another thread and returns once it waits for a lock (it must not finish first). */
    static <T> CompletableFuture<T> blocked(TransactionManagerImpl tm, long txnId, Supplier<T> call) {
        CompletableFuture<T> f = CompletableFuture.supplyAsync(call, THREADS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (f.isDone()) {
                fail("expected the call to wait for a lock, but it finished: " + describe(f));
            }
            for (LockSnapshot.Waiter w : tm.locks().waiters()) {
                if (w.txnId() == txnId) {
                    return f;
                }
            }
            Thread.onSpinWait();
        }
        fail("transaction " + txnId + " never started waiting");
        return f;
    }

    private static String describe(CompletableFuture<?> f) {
        try {
            return String.valueOf(f.getNow(null));
        } catch (RuntimeException e) {
            return e.toString();
        }
    }

    static <T> T join(CompletableFuture<T> f) {
        try {
            return f.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new AssertionError(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("blocked call did not finish", e);
        }
    }

    static void assertSqlState(String state, Executable e) {
        TransactionException x = assertThrows(TransactionException.class, e);
        assertEquals(state, x.sqlState(), x.getMessage());
    }
}
