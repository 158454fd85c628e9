package io.midreg.sip.transaction;

/** States of the four RFC 3261 §17 state machines (plus RFC 6026 Accepted). */
public enum TransactionState {
    /** INVITE client: request sent, no response yet. */
    CALLING,
    /** Non-INVITE client and server: request sent or received, no response yet. */
    TRYING,
    /** A provisional response was received or sent. */
    PROCEEDING,
    /** A final response was received or sent; absorbing retransmissions. */
    COMPLETED,
    /** INVITE server: the ACK for a non-2xx final arrived. */
    CONFIRMED,
    /**
     * RFC 6026, INVITE only. Server: a 2xx was sent; INVITE retransmissions are absorbed, the
     * TU re-sends its 2xx. Client: a 2xx was received; later 2xx still go up to the TU.
     */
    ACCEPTED,
    /** Done; removed from the layer's tables. */
    TERMINATED
}
