package io.cairn.storage.internal.buffer;

import java.util.concurrent.locks.StampedLock;

/**
 * Maps resident page numbers to frame indexes. Striped open-addressing tables of longs; lookups
 * are optimistic reads that neither lock nor allocate on the hit path.
 */
final class PageTable {

    private static final long EMPTY = -1;
    private static final int STRIPE_BITS = 6;

    private final Stripe[] stripes = new Stripe[1 << STRIPE_BITS];

    PageTable(int frames) {
        int perStripe = Integer.highestOneBit(Math.max(8, frames * 2 / stripes.length) * 2);
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Stripe(perStripe);
        }
    }

    private static long mix(long x) {
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        x *= 0xc4ceb9fe1a85ec53L;
        x ^= x >>> 33;
        return x;
    }

    private Stripe stripe(long h) {
        return stripes[(int) (h >>> (64 - STRIPE_BITS))];
    }

    /** Frame index of {@code pageNo}, or -1 if not resident. */
    int get(long pageNo) {
        long h = mix(pageNo);
        Stripe s = stripe(h);
        long stamp = s.lock.tryOptimisticRead();
        int r = s.find(pageNo, h);
        if (s.lock.validate(stamp)) {
            return r;
        }
        stamp = s.lock.readLock();
        try {
            return s.find(pageNo, h);
        } finally {
            s.lock.unlockRead(stamp);
        }
    }

    /** Maps {@code pageNo} to {@code frame} unless already mapped; returns the existing index or -1 if inserted. */
    int putIfAbsent(long pageNo, int frame) {
        long h = mix(pageNo);
        Stripe s = stripe(h);
        long stamp = s.lock.writeLock();
        try {
            int existing = s.find(pageNo, h);
            if (existing >= 0) {
                return existing;
            }
            s.insert(pageNo, frame, h);
            return -1;
        } finally {
            s.lock.unlockWrite(stamp);
        }
    }

    /** Removes the mapping of {@code pageNo} if it points at {@code frame}. */
    void remove(long pageNo, int frame) {
        long h = mix(pageNo);
        Stripe s = stripe(h);
        long stamp = s.lock.writeLock();
        try {
            s.remove(pageNo, frame, h);
        } finally {
            s.lock.unlockWrite(stamp);
        }
    }

    private static final class Stripe {
        final StampedLock lock = new StampedLock();
        /** Pairs of (pageNo, frame index); pageNo EMPTY marks a free slot. */
        volatile long[] slots;
        int size;

        Stripe(int capacity) {
            slots = newSlots(capacity);
        }

        private static long[] newSlots(int capacity) {
            long[] a = new long[capacity * 2];
            for (int i = 0; i < a.length; i += 2) {
                a[i] = EMPTY;
            }
            return a;
        }

        int find(long pageNo, long h) {
            long[] a = slots;
            int mask = a.length / 2 - 1;
            int i = (int) h & mask;
            for (int probes = 0; probes <= mask; probes++) {
                long k = a[i * 2];
                if (k == pageNo) {
                    return (int) a[i * 2 + 1];
                }
                if (k == EMPTY) {
                    return -1;
                }
                i = (i + 1) & mask;
            }
            return -1;
        }

        void insert(long pageNo, int frame, long h) {
            if ((size + 1) * 4 > slots.length) { // load factor 1/2 of capacity (slots holds pairs)
                long[] old = slots;
                long[] grown = newSlots(old.length);
                int mask = grown.length / 2 - 1;
                for (int j = 0; j < old.length; j += 2) {
                    if (old[j] != EMPTY) {
                        int i = (int) mix(old[j]) & mask;
                        while (grown[i * 2] != EMPTY) {
                            i = (i + 1) & mask;
                        }
                        grown[i * 2] = old[j];
                        grown[i * 2 + 1] = old[j + 1];
                    }
                }
                slots = grown;
            }
            long[] a = slots;
            int mask = a.length / 2 - 1;
            int i = (int) h & mask;
            while (a[i * 2] != EMPTY) {
                i = (i + 1) & mask;
            }
            a[i * 2 + 1] = frame;
            a[i * 2] = pageNo;
            size++;
        }

        void remove(long pageNo, int frame, long h) {
            long[] a = slots;
            int mask = a.length / 2 - 1;
            int i = (int) h & mask;
            while (a[i * 2] != pageNo) {
                if (a[i * 2] == EMPTY) {
                    return;
                }
                i = (i + 1) & mask;
            }
            if (a[i * 2 + 1] != frame) {
                return;
            }
            // Backward-shift deletion keeps probe chains unbroken without tombstones.
            int hole = i;
            int j = i;
            for (;;) {
                j = (j + 1) & mask;
                long k = a[j * 2];
                if (k == EMPTY) {
                    break;
                }
                int home = (int) mix(k) & mask;
                boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
                if (movable) {
                    a[hole * 2] = k;
                    a[hole * 2 + 1] = a[j * 2 + 1];
                    hole = j;
                }
            }
            a[hole * 2] = EMPTY;
            size--;
        }
    }
}
