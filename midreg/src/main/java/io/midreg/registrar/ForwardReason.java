package io.midreg.registrar;

/** Why a REGISTER went upstream instead of being answered from the store. */
enum ForwardReason {
    MIRROR_MODE,
    NEW_AOR,
    NEW_BINDING,
    NEW_CALL_ID,
    REPEATED_CSEQ,
    OTHER_FLOW,
    NOT_ACCEPTED_UPSTREAM,
    CHALLENGE_IN_PROGRESS,
    UPSTREAM_DUE,
    /** The target holding the upstream registration is out of service: the refresh re-registers at the AOR's current one. */
    TARGET_MOVED,
    REMOVAL,
    WILDCARD,
    QUERY
}
