/**
 * The SIP transaction layer (RFC 3261 §17, with the RFC 6026 Accepted state on both INVITE
 * state machines): server and client transactions, their timers and retransmissions, and the
 * matching of requests, responses, ACK and CANCEL to them. {@link io.midreg.sip.transaction.TransactionLayer}
 * is the entry point; it sends through a {@link io.midreg.sip.transaction.TransactionTransport}
 * and schedules through a {@link io.midreg.sip.transaction.TimerScheduler}.
 */
package io.midreg.sip.transaction;
