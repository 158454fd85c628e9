package io.midreg.registrar.surrogate;

import io.midreg.sip.message.SipResponse;
import java.util.Map;

/** What became of a surrogate registration attempt. Exactly one method is called, once. */
public interface SurrogateListener {
    /**
     * 2xx.
     *
     * @param lastCseq the CSeq of the REGISTER that was accepted (the next refresh uses a higher one)
     * @param asked    the lifetime asked for each token Contact in that REGISTER (raised by a 423)
     * @param target   the name of the upstream target that accepted ({@code ""}: the single target)
     */
    void onRegistered(SipResponse response, long lastCseq, Map<String, Long> asked, String target);

    /**
     * The upstream refused midreg's credentials: 401/407 again after an answer, no challenge
     * midreg can answer, 403 or 404. Retrying soon would only repeat it.
     */
    void onCredentialsRefused(SipResponse response, String why);

    /** Anything else: another refusal (3xx-6xx), or no answer at all ({@code response} null). */
    void onFailed(SipResponse response, String why);
}
