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
    /** INVITE server (RFC 6026): a 2xx was sent; absorbing INVITE retransmissions. */
    ACCEPTED,
    /** Done; removed from the layer's tables. */
    TERMINATED
}
