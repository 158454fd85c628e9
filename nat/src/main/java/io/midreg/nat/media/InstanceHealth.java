package io.midreg.nat.media;

/** What midreg knows of an RTPEngine instance's health. */
public enum InstanceHealth {
    /** Not asked yet (just started): chosen for new calls only when no instance is {@link #UP}. */
    UNKNOWN,
    /** Answered its last ping or request. */
    UP,
    /** Its last ping, or a request, went unanswered after every try: no new calls until it answers again. */
    DOWN
}
