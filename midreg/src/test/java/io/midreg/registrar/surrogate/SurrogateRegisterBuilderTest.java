package io.midreg.registrar.surrogate;

import static org.assertj.core.api.Assertions.assertThat;
import io.midreg.sip.auth.DigestSecret;
import io.midreg.sip.message.SipRequest;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.upstream.UpstreamContact;
import io.midreg.upstream.UpstreamTarget;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;


class SurrogateRegisterBuilderTest {
    private static final UpstreamTarget TARGET = new UpstreamTarget(TransportProtocol.UDP, new InetSocketAddress("127.0.0.1", 5070), null,
            "192.0.2.1:5060");
    private static final DigestSecret SECRET = new DigestSecret.Password("alice", "s3cret");

    @Test
    void registersMidregsTokenContactInItsOwnName() {
        SurrogateRequest r = new SurrogateRequest("sip:alice@example.com", "cid@midreg", 7, List.of(new UpstreamContact("tok.en", 3600)), List.of(),
                SECRET);
        SipRequest m = SurrogateRegisterBuilder.build(r, TARGET, "z9hG4bKx", "ft", null, null);
        assertThat(m.requestUriText()).isEqualTo("sip:example.com");
        assertThat(m.from().uri().toString()).isEqualTo("sip:alice@example.com");
        assertThat(m.to().uri().toString()).isEqualTo("sip:alice@example.com");
        assertThat(m.callId()).isEqualTo("cid@midreg");
        assertThat(m.cseq().number()).isEqualTo(7);
        assertThat(m.contacts()).hasSize(1);
        assertThat(m.contacts().get(0).address().uri().toString()).isEqualTo("sip:tok.en@192.0.2.1:5060");
        assertThat(m.contacts().get(0).expires()).isEqualTo(3600);
        assertThat(m.topVia().branch()).isEqualTo("z9hG4bKx");
        assertThat(m.authorizations()).isEmpty();
    }

    @Test
    void aDigestAnswerIsTheNextCSeqWithTheCredentialsAndADeRegistrationRemovesWithExpiresZero() {
        SurrogateRequest r = new SurrogateRequest("sip:alice@example.com", "cid@midreg", 7, List.of(), List.of("sip:tok@192.0.2.1:5060"), SECRET);
        SurrogateRequest next = r.next(r.contacts());
        assertThat(next.cseq()).isEqualTo(8);
        assertThat(next.callId()).isEqualTo("cid@midreg");
        SipRequest m = SurrogateRegisterBuilder.build(next, TARGET, "z9hG4bKy", "ft", "Proxy-Authorization", "Digest username=\"alice\"");
        assertThat(m.proxyAuthorizations()).containsExactly("Digest username=\"alice\"");
        assertThat(m.contacts()).hasSize(1);
        assertThat(m.contacts().get(0).expires()).isZero();
        assertThat(r.toString()).doesNotContain("s3cret");
    }
}
