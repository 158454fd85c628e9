package io.midreg.sip.stack;

import java.net.InetSocketAddress;

/**
 * Sees every SIP message the stack receives (well-formed, or refused as malformed) and sends
 * (through the transaction layer, and its answers to malformed requests), for run-time tracing. Installed only while a trace is active, so the hot
 * path pays one volatile read otherwise. Called on event loops and workers: must not block and
 * must not throw.
 */
public interface MessageTap {
    /** A well-formed message received from {@code remote}. */
    void inbound(byte[] message, InetSocketAddress remote);

    /**
     * A message received from {@code remote} and refused as malformed, whether it is answered
     * (the answer follows as {@link #outbound}) or dropped; {@code problem} is the reason phrase.
     */
    void malformed(byte[] message, InetSocketAddress remote, String problem);

    /** A message being sent to {@code remote}. */
    void outbound(byte[] message, InetSocketAddress remote);
}
