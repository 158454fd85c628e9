package io.midreg.upstream.pacing;

/** A REGISTER waiting for a token: exactly one of the two methods is called, once. */
public interface PacedSend {
    /** A token was granted: send it now. */
    void send();

    /** No token in time (deadline passed, queue full, or midreg stopping): it was not sent. */
    void fail(String why);
}
