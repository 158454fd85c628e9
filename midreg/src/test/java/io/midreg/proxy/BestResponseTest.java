package io.midreg.proxy;

import static io.midreg.proxy.ProxyFixtures.invite;
import static io.midreg.proxy.ProxyFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.sip.message.HeaderName;
import io.midreg.sip.message.ResponseBuilder;
import io.midreg.sip.message.SipRequest;
import io.midreg.sip.message.SipResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 3261 §16.7 steps 6 and 7: the best final response. */
class BestResponseTest {
    private final SipRequest inv = request(invite("sip:tok@192.0.2.1"));

    private BranchOutcome got(int status) {
        return BranchOutcome.received(ProxyFixtures.response(inv, status));
    }

    private BranchOutcome challenge(int status, String header, String value) {
        try {
            SipResponse r = ResponseBuilder.of(inv, status, "Auth").toTag("t" + value.hashCode()).header(header, value).toMessage();
            return BranchOutcome.received(r);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void a6xxWinsOverEveryLowerClass() {
        BranchOutcome decline = got(603);
        assertThat(BestResponse.choose(List.of(got(486), decline, got(302), got(600))).response())
                .isSameAs(decline.response());
    }

    @Test
    void theLowestClassWins() {
        BranchOutcome moved = got(302);
        assertThat(BestResponse.choose(List.of(got(486), got(500), moved)).response()).isSameAs(moved.response());
        BranchOutcome busy = got(486);
        assertThat(BestResponse.choose(List.of(got(500), busy)).response()).isSameAs(busy.response());
    }

    /** §16.7 step 6: 401, 407, 415, 420 and 484 help the caller retry and are preferred in 4xx. */
    @Test
    void withinFourHundredsAResponseThatHelpsARetryIsPreferred() {
        BranchOutcome auth = got(407);
        assertThat(BestResponse.choose(List.of(got(486), got(404), auth)).status()).isEqualTo(407);
        BranchOutcome first = got(486);
        assertThat(BestResponse.choose(List.of(first, got(404))).response()).isSameAs(first.response());
    }

    /** A device's answer says more than midreg's stand-in 408 for a silent branch. */
    @Test
    void aReceivedResponseIsPreferredToALocalOneOfTheSameClass() {
        BranchOutcome busy = got(486);
        assertThat(BestResponse.choose(List.of(BranchOutcome.local(408), busy)).response()).isSameAs(busy.response());
    }

    @Test
    void everyBranchSilentIs408() {
        Upstream u = BestResponse.choose(List.of(BranchOutcome.local(408), BranchOutcome.local(408)));
        assertThat(u.status()).isEqualTo(408);
        assertThat(u.isLocal()).isTrue();
        assertThat(BestResponse.choose(List.of()).status()).isEqualTo(408);
    }

    /** §16.7 step 6: a 503 is not passed on; midreg answers 500. Another 5xx is preferred to it. */
    @Test
    void a503ChosenBecomesALocal500AndAnother5xxIsPreferred() {
        Upstream u = BestResponse.choose(List.of(got(503), got(503), BranchOutcome.local(503)));
        assertThat(u.status()).isEqualTo(500);
        assertThat(u.isLocal()).isTrue();
        BranchOutcome notImpl = got(501);
        assertThat(BestResponse.choose(List.of(got(503), notImpl)).response()).isSameAs(notImpl.response());
    }

    /** §16.7 step 7: the challenges of every 401 and 407 go up together, unchanged. */
    @Test
    void challengesOfAll401And407AreAggregated() {
        BranchOutcome a = challenge(401, "WWW-Authenticate", "Digest realm=\"a\", nonce=\"1\"");
        BranchOutcome b = challenge(407, "Proxy-Authenticate", "Digest realm=\"b\", nonce=\"2\"");
        BranchOutcome c = challenge(401, "WWW-Authenticate", "Digest realm=\"c\", nonce=\"3\"");
        Upstream u = BestResponse.choose(List.of(got(486), a, b, c));
        assertThat(u.response()).isSameAs(a.response());
        assertThat(u.addWwwAuthenticate()).containsExactly("Digest realm=\"c\", nonce=\"3\"");
        assertThat(u.addProxyAuthenticate()).containsExactly("Digest realm=\"b\", nonce=\"2\"");
        assertThat(a.response().header(HeaderName.WWW_AUTHENTICATE)).isEqualTo("Digest realm=\"a\", nonce=\"1\"");

        assertThat(BestResponse.choose(List.of(got(486), got(404))).addWwwAuthenticate()).isEmpty();
    }
}
