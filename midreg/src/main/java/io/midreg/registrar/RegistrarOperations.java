package io.midreg.registrar;

import java.util.concurrent.CompletableFuture;

/**
 * What an operator may do to the registrar's state (the admin API calls these). Each may touch
 * the store, so callers run them off the SIP event loops.
 */
public interface RegistrarOperations {
    /** The store key for what an operator typed ({@code alice@example.com}, {@code sip:Alice@EXAMPLE.com}). */
    String normalize(String aor);

    /**
     * Removes the AOR here and de-registers midreg's upstream contacts for it (Expires: 0). The
     * local removal happens whatever the upstream answers.
     *
     * @return {@link UpstreamResult#NOT_FOUND} when the AOR is not stored
     */
    CompletableFuture<UpstreamResult> remove(String aor);

    /**
     * De-registers the AOR upstream and keeps its local bindings, marked so that each device's
     * next REGISTER goes upstream again.
     *
     * @return {@link UpstreamResult#NOT_FOUND} when the AOR is not stored
     */
    CompletableFuture<UpstreamResult> deregisterUpstream(String aor);

    /** Marks the AOR's upstream registration so its next device REGISTER is forwarded; false when not stored. */
    boolean refreshUpstream(String aor);

    /**
     * What the upstream made of an operator's de-registration.
     *
     * @param found    whether the AOR was stored
     * @param contacts the upstream contacts de-registered
     * @param status   the upstream's final status, 0 when none (nothing to send, or no answer)
     * @param upstream in words: "deregistered", "challenged: needs credentials", "refused: 403 Forbidden",
     *                 "no answer: ...", "nothing registered upstream"
     */
    record UpstreamResult(boolean found, int contacts, int status, String upstream) {
        public static final UpstreamResult NOT_FOUND = new UpstreamResult(false, 0, 0, "not found");
    }
}
