package io.bundlebox.ext.quota;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.spi.Addition;
import io.bundlebox.imap.spi.Reservation;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.Usage;
import io.bundlebox.mailstore.UsageCounter;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The room reserved in each quota root and not yet committed (issue 12 item 4). A reservation is
 * granted when the store's usage, plus what is reserved, plus the addition stays within every
 * limit the addition adds to; otherwise {@code NO [OVERQUOTA]} (RFC 9208 section 4.3.1).
 *
 * <p>Between the store counting an addition and the core committing its reservation the addition
 * counts twice, for a moment. So a request refused only because of what others have reserved
 * waits (at most {@link #SETTLE_NANOS}) for those reservations to settle and is decided again:
 * sixteen concurrent APPENDs into room for 100 messages store exactly 100.
 */
final class Ledger {

    /** How long a request that would fit without others' pending reservations waits for them. */
    static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** Reserved amounts of one quota root (octets for STORAGE), guarded by {@code lock}. */
    private static final class Account {
        final ReentrantLock lock = new ReentrantLock();
        final Condition settled = lock.newCondition();
        final EnumMap<Resource, Long> reserved = new EnumMap<>(Resource.class);
        int pending;
    }

    /** Accounts by tenant and user: nothing is shared across tenants. */
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();

    /**
     * Reserves room for {@code addition} in the root of {@code user}.
     *
     * @throws ImapException {@code NO [OVERQUOTA]} naming the resource that would be exceeded;
     *     {@code NO [SERVERBUG]} when the store cannot count
     */
    Reservation reserve(String tenant, String user, Limits limits, UsageCounter counter, Addition addition)
            throws ImapException {
        Account account = accounts.computeIfAbsent(tenant + "\u0000" + user, k -> new Account());
        long deadline = System.nanoTime() + SETTLE_NANOS;
        account.lock.lock();
        try {
            while (true) {
                Usage usage = counter.usage();
                Resource over = exceeded(usage, account.reserved, limits, addition);
                if (over == null) {
                    add(account, addition, 1);
                    return new Held(account, addition);
                }
                long left = deadline - System.nanoTime();
                if (account.pending == 0 || exceeded(usage, Map.of(), limits, addition) != null || left <= 0) {
                    throw ImapException.no(ResponseCode.OVERQUOTA, describe(over, limits) + " would be exceeded");
                }
                account.settled.awaitNanos(left);
            }
        } catch (MailStoreException e) {
            throw ImapException.no(ResponseCode.SERVERBUG, "Cannot count the mailboxes' usage: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ImapException.no(ResponseCode.UNAVAILABLE, "Interrupted while waiting for room");
        } finally {
            account.lock.unlock();
        }
    }

    /** The first resource the addition adds to whose limit usage plus reserved plus the addition passes, or null. */
    private static Resource exceeded(Usage usage, Map<Resource, Long> reserved, Limits limits, Addition addition) {
        for (Resource r : Resource.values()) {
            long limit = limits.of(r);
            long adds = r.amount(addition);
            if (limit > 0 && adds > 0
                    && r.amount(usage) + reserved.getOrDefault(r, 0L) + adds > r.precise(limit)) {
                return r;
            }
        }
        return null;
    }

    private static String describe(Resource r, Limits limits) {
        return switch (r) {
            case STORAGE -> "The storage limit of " + limits.of(r) + " KiB";
            case MESSAGE -> "The limit of " + limits.of(r) + " messages";
            case MAILBOX -> "The limit of " + limits.of(r) + " mailboxes";
        };
    }

    /** Adds ({@code sign} 1) or removes ({@code sign} -1) an addition's amounts; under the account's lock. */
    private static void add(Account account, Addition addition, int sign) {
        for (Resource r : Resource.values()) {
            long amount = r.amount(addition);
            if (amount != 0) {
                account.reserved.merge(r, sign * amount, Long::sum);
            }
        }
        account.pending += sign;
    }

    /** Reservations not yet committed or released, all roots together (for tests and diagnostics). */
    int pending() {
        int n = 0;
        for (Account a : accounts.values()) {
            a.lock.lock();
            try {
                n += a.pending;
            } finally {
                a.lock.unlock();
            }
        }
        return n;
    }

    /** One granted reservation; commit and release both hand the room back (the store counts it after a commit). */
    private static final class Held implements Reservation {
        private final Account account;
        private final Addition addition;
        private boolean done;

        Held(Account account, Addition addition) {
            this.account = account;
            this.addition = addition;
        }

        @Override
        public void commit() {
            settle();
        }

        @Override
        public void release() {
            settle();
        }

        private void settle() {
            account.lock.lock();
            try {
                if (!done) {
                    done = true;
                    add(account, addition, -1);
                    account.settled.signalAll();
                }
            } finally {
                account.lock.unlock();
            }
        }
    }
}
