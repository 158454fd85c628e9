package io.midreg.sip.transaction;

import java.util.concurrent.ConcurrentMap;

/** What every transaction of one layer shares: where to send, when to fire, what to count, where it is filed. */
record TransactionContext(TransactionTransport transport, TimerScheduler scheduler, TimerConfig timers,
                          TransactionStats stats, BranchGenerator ids, ServerTransactionUser user,
                          ConcurrentMap<TransactionKey, AbstractServerTransaction> servers,
                          ConcurrentMap<TransactionKey, AbstractClientTransaction> clients, PinnedTransactions pinned) {
}
