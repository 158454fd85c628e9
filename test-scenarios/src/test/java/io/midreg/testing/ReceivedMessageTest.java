package io.midreg.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReceivedMessageTest {
    private static ReceivedMessage parse(String text) {
        return ReceivedMessage.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsAResponseWithCompactFormsFoldedLinesAndSeveralContacts() {
        ReceivedMessage r = parse("SIP/2.0 200 OK\r\n"
                + "v: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK1;rport=5070;received=127.0.0.1\r\n"
                + "f: <sip:alice@example.com>;tag=a\r\n"
                + "t: <sip:alice@example.com>;tag=b\r\n"
                + "i: call-1\r\n"
                + "CSeq: 7 REGISTER\r\n"
                + "m: \"Alice, desk\" <sip:alice@10.0.0.1>;expires=60,\r\n"
                + " <sip:alice@10.0.0.2;transport=tcp>;expires=120\r\n"
                + "Contact: sip:alice@10.0.0.3\r\n"
                + "l: 0\r\n\r\n");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.reason()).isEqualTo("OK");
        assertThat(r.callId()).isEqualTo("call-1");
        assertThat(r.cseqNumber()).isEqualTo(7);
        assertThat(r.cseqMethod()).isEqualTo("REGISTER");
        assertThat(r.toTag()).isEqualTo("b");
        assertThat(r.fromTag()).isEqualTo("a");
        assertThat(r.topViaParam("rport")).isEqualTo("5070");
        assertThat(r.topViaParam("received")).isEqualTo("127.0.0.1");
        assertThat(r.topViaParam("maddr")).isNull();
        assertThat(r.contacts()).extracting(ReceivedMessage.Contact::uri)
                .containsExactly("sip:alice@10.0.0.1", "sip:alice@10.0.0.2;transport=tcp", "sip:alice@10.0.0.3");
        assertThat(r.contacts()).extracting(ReceivedMessage.Contact::expires).containsExactly(60L, 120L, null);
        assertThat(r.header("content-length")).isEqualTo("0");
    }

    @Test
    void readsARequestAndItsBody() {
        ReceivedMessage m = parse("OPTIONS sip:127.0.0.1:5060 SIP/2.0\r\nCall-ID: x\r\nContent-Length: 4\r\n\r\nbody");

        assertThat(m.isResponse()).isFalse();
        assertThat(m.method()).isEqualTo("OPTIONS");
        assertThat(m.requestUri()).isEqualTo("sip:127.0.0.1:5060");
        assertThat(new String(m.body(), StandardCharsets.UTF_8)).isEqualTo("body");
        assertThatThrownBy(m::status).hasMessageContaining("not a response");
    }

    @Test
    void refusesBytesWithoutTheEmptyLineOrWithANamelessHeader() {
        assertThatThrownBy(() -> parse("SIP/2.0 200 OK\r\nCall-ID: x\r\n")).hasMessageContaining("no empty line");
        assertThatThrownBy(() -> parse("SIP/2.0 200 OK\r\n: x\r\n\r\n")).hasMessageContaining("without a name");
    }
}
