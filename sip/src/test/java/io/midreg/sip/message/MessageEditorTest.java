package io.midreg.sip.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageEditorTest {
    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void untouchedMessageIsCopiedByteForByte() throws Exception {
        SipMessage m = SipMessageParserTest.parse(SipMessageParserTest.REGISTER);
        assertThat(s(MessageEditor.of(m).toBytes())).isEqualTo(SipMessageParserTest.REGISTER);
    }

    @Test
    void derivesAForwardedRequest() throws Exception {
        SipMessage m = SipMessageParserTest.parse(SipMessageParserTest.REGISTER);
        SipRequest out = (SipRequest) MessageEditor.of(m)
                .requestUri("sip:upstream.example.net")
                .addFirst(HeaderName.VIA, "SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKmid1")
                .replaceAll(HeaderName.CONTACT, "<sip:tok123@10.0.0.1:5060>;expires=3600")
                .removeAll(HeaderName.USER_AGENT)
                .append("Path", "<sip:10.0.0.1;lr>")
                .decrementMaxForwards()
                .toMessage();
        MessageValidator.validate(out);
        assertThat(out.requestUriText()).isEqualTo("sip:upstream.example.net");
        assertThat(out.vias()).hasSize(2);
        assertThat(out.topVia().branch()).isEqualTo("z9hG4bKmid1");
        assertThat(out.vias().get(1).branch()).isEqualTo("z9hG4bK776asdhds");
        assertThat(out.contacts()).hasSize(1);
        assertThat(out.contacts().get(0).address().sipUri().user()).isEqualTo("tok123");
        assertThat(out.userAgent()).isNull();
        assertThat(out.paths()).hasSize(1);
        assertThat(out.maxForwards()).isEqualTo(69);
        // Lines not touched are the received bytes.
        String text = s(MessageEditor.of(out).toBytes());
        assertThat(text).contains("To: \"Alice\" <sip:+4930123456@pbx.example.com>\r\n");
        assertThat(text).contains("Via: SIP/2.0/UDP 192.168.1.23:5060;branch=z9hG4bK776asdhds;rport\r\n");
    }

    @Test
    void removeTopViaHandlesOneValuePerLineAndCommaLists() throws Exception {
        String resp = "SIP/2.0 401 Unauthorized\r\nVia: SIP/2.0/UDP mid;branch=z9hG4bKm\r\nVia: SIP/2.0/UDP dev;branch=z9hG4bKd\r\n"
                + "From: <sip:a@b>;tag=1\r\nTo: <sip:a@b>;tag=2\r\nCall-ID: c\r\nCSeq: 1 REGISTER\r\nContent-Length: 0\r\n\r\n";
        SipMessage one = MessageEditor.of(SipMessageParserTest.parse(resp)).removeTopVia().toMessage();
        assertThat(one.vias()).extracting(v -> v.host()).containsExactly("dev");
        SipMessage joined = MessageEditor.of(SipMessageParserTest.parse(resp.replace("z9hG4bKm\r\nVia:", "z9hG4bKm,")))
                .removeTopVia().toMessage();
        assertThat(joined.vias()).extracting(v -> v.host()).containsExactly("dev");
    }

    @Test
    void newBodySetsContentLengthAndType() throws Exception {
        SipMessage m = SipMessageParserTest.parse(SipMessageParserTest.REGISTER);
        byte[] sdp = "v=0\r\n".getBytes(StandardCharsets.US_ASCII);
        SipMessage out = MessageEditor.of(m).body(sdp, "application/sdp").toMessage();
        assertThat(out.contentLength()).isEqualTo(5);
        assertThat(out.contentType()).isEqualTo("application/sdp");
        assertThat(out.body()).isEqualTo(sdp);
        assertThat(out.count(HeaderName.CONTENT_LENGTH)).isEqualTo(1);
    }

    @Test
    void missingContentLengthIsAdded() throws Exception {
        SipMessage m = SipMessageParserTest.parse("MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
                + "From: <sip:a@b>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: x\r\nCSeq: 1 MESSAGE\r\n\r\nhello");
        SipMessage out = MessageEditor.of(m).toMessage();
        assertThat(out.contentLength()).isEqualTo(5);
        assertThat(out.body()).isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void refusesHeaderInjection() throws Exception {
        SipMessage m = SipMessageParserTest.parse(SipMessageParserTest.REGISTER);
        assertThatThrownBy(() -> MessageEditor.of(m).append("X", "a\r\nEvil: 1").toBytes()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void responseCopiesTheRightHeadersAndAddsAToTag() throws Exception {
        SipRequest r = (SipRequest) SipMessageParserTest.parse(SipMessageParserTest.REGISTER);
        SipResponse resp = ResponseBuilder.of(r, 200, "OK").toTag("abc")
                .header(HeaderName.CONTACT, "<sip:+4930123456@192.168.1.23:5060>;expires=120")
                .toMessage();
        MessageValidator.validate(resp);
        assertThat(resp.status()).isEqualTo(200);
        assertThat(resp.to().tag()).isEqualTo("abc");
        assertThat(resp.from().tag()).isEqualTo("456248");
        assertThat(resp.callId()).isEqualTo(r.callId());
        assertThat(resp.cseq()).isEqualTo(r.cseq());
        assertThat(resp.topVia().branch()).isEqualTo("z9hG4bK776asdhds");
        assertThat(resp.contacts().get(0).expires()).isEqualTo(120);
        assertThat(resp.userAgent()).isNull();
        SipResponse trying = ResponseBuilder.of(r, 100, "Trying").toTag("abc").toMessage();
        assertThat(trying.to().tag()).isNull();
    }

    @Test
    void builderMakesParsableRequests() {
        SipRequest r = MessageBuilder.request("OPTIONS", "sip:probe@127.0.0.1:5060")
                .header(HeaderName.VIA, "SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKp1")
                .header(HeaderName.FROM, "<sip:midreg@127.0.0.1>;tag=t1")
                .header(HeaderName.TO, "<sip:probe@127.0.0.1>")
                .header(HeaderName.CALL_ID, "c1")
                .header(HeaderName.CSEQ, "1 OPTIONS")
                .header(HeaderName.MAX_FORWARDS, 70)
                .buildRequest();
        assertThat(r.method()).isEqualTo("OPTIONS");
        assertThat(r.contentLength()).isZero();
    }
}
