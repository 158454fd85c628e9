package io.midreg.sip.transaction;

import static io.midreg.sip.transaction.TxFixtures.invite;
import static io.midreg.sip.transaction.TxFixtures.register;
import static io.midreg.sip.transaction.TxFixtures.request;
import static io.midreg.sip.transaction.TxFixtures.response;
import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.sip.header.Via;
import io.midreg.sip.message.SipRequest;
import io.midreg.sip.transport.TransportProtocol;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class TransactionKeyTest {
    private static SipRequest edited(byte[] b, String from, String to) {
        return request(new String(b, StandardCharsets.US_ASCII).replace(from, to).getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void ackMapsToInviteAndCancelIsItsOwn() {
        byte[] inv = invite("z9hG4bKk1", TransportProtocol.UDP);
        TransactionKey inviteKey = TransactionKey.forServer(request(inv));
        assertThat(inviteKey).isEqualTo(new TransactionKey.Branch("z9hG4bKk1", "192.0.2.10", 5062, "INVITE"));
        SipRequest ack = edited(inv, "INVITE", "ACK");
        assertThat(TransactionKey.forServer(ack)).isEqualTo(inviteKey);
        SipRequest cancel = CancelBuilder.forInvite(request(inv));
        TransactionKey cancelKey = TransactionKey.forServer(cancel);
        assertThat(cancelKey).isNotEqualTo(inviteKey);
        assertThat(cancelKey.withMethod("INVITE")).isEqualTo(inviteKey);
    }

    @Test
    void sentByTakesPartHostCaseInsensitively() {
        byte[] reg = register("z9hG4bKk2", TransportProtocol.UDP);
        TransactionKey k = TransactionKey.forServer(request(reg));
        assertThat(TransactionKey.forServer(edited(reg, "192.0.2.10:5062", "192.0.2.10:5063"))).isNotEqualTo(k);
        SipRequest named = edited(reg, "192.0.2.10:5062", "Host.Example.COM:5062");
        SipRequest lower = edited(reg, "192.0.2.10:5062", "host.example.com:5062");
        assertThat(TransactionKey.forServer(named)).isEqualTo(TransactionKey.forServer(lower));
    }

    @Test
    void branchWithoutCookieOrBareCookieIsLegacy() {
        assertThat(TransactionKey.forServer(request(register("z9hG4bK", TransportProtocol.UDP))))
                .isInstanceOf(TransactionKey.Legacy.class);
        assertThat(TransactionKey.forServer(request(register("1234abcd", TransportProtocol.UDP))))
                .isInstanceOf(TransactionKey.Legacy.class);
    }

    @Test
    void clientKeyOfAResponseEqualsTheKeyOfItsRequest() {
        SipRequest reg = request(register("z9hG4bKk3", TransportProtocol.UDP));
        assertThat(TransactionKey.forClient(response(reg, 200, "t"))).isEqualTo(TransactionKey.forClient(reg))
                .isEqualTo(new TransactionKey.Client("z9hG4bKk3", "REGISTER"));
    }

    @Test
    void branchesAreCookiePrefixedAndUnique() {
        BranchGenerator g = new BranchGenerator();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String b = g.newBranch();
            assertThat(b).startsWith(Via.MAGIC_COOKIE).hasSize(Via.MAGIC_COOKIE.length() + 24);
            assertThat(seen.add(b)).isTrue();
        }
        assertThat(Via.parse("SIP/2.0/UDP h;branch=" + g.newBranch()).hasRfc3261Branch()).isTrue();
        assertThat(g.newTag()).hasSize(16).isNotEqualTo(g.newTag());
    }
}
