package io.midreg.registrar;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.sip.message.SipMessageParser;
import io.midreg.sip.message.SipResponse;
import io.midreg.store.AorRecord;
import io.midreg.store.Binding;
import io.midreg.upstream.ContactToken;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an upstream 2xx commits: lifetimes capped by the grant, replayed headers, eviction at the limit. */
class BindingCommitTest {
    static final long NOW = ThrottlingPolicyTest.NOW;
    private final Tokens tokens = new Tokens(new ContactToken("commit-test-secret-123".getBytes(StandardCharsets.UTF_8)));

    private static SipResponse ok(String contactToken, long granted) throws Exception {
        String text = "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 10.0.0.7;branch=z9hG4bK1\r\nFrom: <sip:alice@example.com>;tag=1\r\n"
                + "To: <sip:alice@example.com>;tag=2\r\nCall-ID: cid\r\nCSeq: 6 REGISTER\r\n"
                + "Contact: <sip:" + contactToken + "@127.0.0.1:5060>;expires=" + granted + "\r\n"
                + "Contact: <sip:someone-else@192.0.2.99>;expires=999\r\n"
                + "Service-Route: <sip:orig@scscf.example.com;lr>\r\nP-Associated-URI: <sip:+4930123@example.com>\r\n\r\n";
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        return (SipResponse) new SipMessageParser().parse(b, b.length);
    }

    @Test
    void deviceLifetimeNeverOutlivesWhatTheUpstreamGranted() throws Exception {
        RegistrarSettings settings = RegistrarSettings.defaults(ThrottlingMode.CONTACT);
        BindingCommit commit = new BindingCommit(settings, tokens);
        RegisterRequest req = ThrottlingPolicyTest.refresh("cid", 6, 3600, ThrottlingPolicyTest.FLOW);
        String token = tokens.forBinding(req.aor(), ThrottlingPolicyTest.CONTACT);
        AorRecord after = commit.apply(req, null, new UpstreamAcceptance(ok(token, 600)), NOW, Map.of(token, 3600L));
        Binding b = after.bindings().get(0);
        assertThat(b.expiresAt()).isEqualTo(NOW + 600_000);
        assertThat(b.upstream().expiresAt()).isEqualTo(NOW + 600_000);
        assertThat(b.upstream().token()).isEqualTo(token);
        assertThat(b.upstream().serviceRoute()).containsExactly("<sip:orig@scscf.example.com;lr>");
        assertThat(b.upstream().replayHeaders()).extracting(h -> h.name() + ": " + h.value())
                .containsExactly("P-Associated-URI: <sip:+4930123@example.com>");
        assertThat(b.receivedHost()).isEqualTo("192.0.2.7");
        assertThat(b.receivedPort()).isEqualTo(40000);
    }

    @Test
    void atTheLimitTheOldestBindingIsEvictedWhenConfigured() throws Exception {
        RegistrarSettings d = RegistrarSettings.defaults(ThrottlingMode.CONTACT);
        RegistrarSettings settings = new RegistrarSettings(d.mode(), d.expiry(), Map.of(), 1, true, d.upstreamExpirySeconds(),
                d.refreshMargin(), d.expiryDeviation(), Duration.ofSeconds(32), false);
        BindingCommit commit = new BindingCommit(settings, tokens);
        Binding old = new Binding("sip:alice@10.0.0.99:5060", null, 0, "10.0.0.99", 5060, "udp", null, List.of(), "old-cid", 1,
                NOW + 100_000, -1, null, NOW - 500_000, NOW - 10_000);
        RegisterRequest req = ThrottlingPolicyTest.refresh("cid", 6, 60, ThrottlingPolicyTest.FLOW);
        String token = tokens.forBinding(req.aor(), ThrottlingPolicyTest.CONTACT);
        AorRecord after = commit.apply(req, new AorRecord(List.of(old), null), new UpstreamAcceptance(ok(token, 3600)), NOW, Map.of(token, 3600L));
        assertThat(after.bindings()).extracting(Binding::contactUri).containsExactly(ThrottlingPolicyTest.CONTACT);
    }

    @Test
    void removalOfTheLastBindingRemovesTheAor() throws Exception {
        BindingCommit commit = new BindingCommit(RegistrarSettings.defaults(ThrottlingMode.CONTACT), tokens);
        AorRecord current = ThrottlingPolicyTest.registered(3000);
        RegisterRequest req = ThrottlingPolicyTest.refresh("cid", 6, 0, ThrottlingPolicyTest.FLOW);
        String token = tokens.forBinding(req.aor(), ThrottlingPolicyTest.CONTACT);
        assertThat(commit.apply(req, current, new UpstreamAcceptance(ok(token, 0)), NOW, Map.of(token, 0L))).isNull();
    }
}
