package io.midreg.sip.message;

import io.midreg.sip.header.Contact;
import io.midreg.sip.header.InvalidHeaderException;
import io.midreg.sip.syntax.SipMethods;
import io.midreg.sip.uri.SipUri;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SipMessageParserTest {
    static final String REGISTER = ""
            + "REGISTER sip:pbx.example.com SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 192.168.1.23:5060;branch=z9hG4bK776asdhds;rport\r\n"
            + "Max-Forwards: 70\r\n"
            + "To: \"Alice\" <sip:+4930123456@pbx.example.com>\r\n"
            + "From: \"Alice\" <sip:+4930123456@pbx.example.com>;tag=456248\r\n"
            + "Call-ID: 843817637684230@998sdasdh09\r\n"
            + "CSeq: 1826 REGISTER\r\n"
            + "Contact: <sip:+4930123456@192.168.1.23:5060;transport=udp;line=abc123>;expires=120;q=0.7"
            + ";+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>\";reg-id=1\r\n"
            + "Expires: 3600\r\n"
            + "Supported: path, outbound, gruu\r\n"
            + "User-Agent: Yealink SIP-T46S 66.86.0.15\r\n"
            + "Allow: INVITE, ACK, CANCEL, BYE, NOTIFY, REFER, OPTIONS\r\n"
            + "Content-Length: 0\r\n"
            + "\r\n";

    private final SipMessageParser parser = new SipMessageParser();

    static SipMessage parse(String s) throws SipParseException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return new SipMessageParser().parse(b, b.length);
    }

    @Test
    void typicalRegister() throws Exception {
        SipRequest r = (SipRequest) parse(REGISTER);
        MessageValidator.validate(r);
        assertThat(r.method()).isSameAs(SipMethods.REGISTER);
        assertThat(r.requestUriText()).isEqualTo("sip:pbx.example.com");
        assertThat(r.topVia().branch()).isEqualTo("z9hG4bK776asdhds");
        assertThat(r.topVia().hasRport()).isTrue();
        assertThat(r.topVia().rport()).isZero();
        assertThat(r.topVia().port()).isEqualTo(5060);
        assertThat(r.to().sipUri().aor()).isEqualTo("sip:+4930123456@pbx.example.com");
        assertThat(r.from().tag()).isEqualTo("456248");
        assertThat(r.callId()).isEqualTo("843817637684230@998sdasdh09");
        assertThat(r.cseq().number()).isEqualTo(1826);
        assertThat(r.expires()).isEqualTo(3600);
        Contact c = r.contacts().get(0);
        assertThat(c.expires()).isEqualTo(120);
        assertThat(c.qThousandths()).isEqualTo(700);
        assertThat(c.instance()).isEqualTo("urn:uuid:00000000-0000-1000-8000-000A95A0E128");
        assertThat(c.regId()).isEqualTo(1);
        assertThat(c.address().sipUri().transport()).isEqualTo("udp");
        assertThat(r.supported()).containsExactly("path", "outbound", "gruu");
        assertThat(r.userAgent()).isEqualTo("Yealink SIP-T46S 66.86.0.15");
        assertThat(r.tokenList(HeaderName.ALLOW)).hasSize(7);
        assertThat(r.maxForwards()).isEqualTo(70);
        assertThat(r.contentLength()).isZero();
    }

    @Test
    void compactFormsAndCaseInsensitiveNames() throws Exception {
        SipMessage m = parse("OPTIONS sip:a@b SIP/2.0\r\n"
                + "v: SIP/2.0/TCP h;branch=z9hG4bK1\r\n"
                + "f: <sip:x@y>;tag=1\r\nt: sip:a@b\r\ni: cid\r\nCSEQ: 1 OPTIONS\r\n"
                + "m: <sip:c@d>\r\nk: timer\r\nl: 0\r\nc: text/plain\r\ne: gzip\r\ns: hi\r\no: reg\r\nu: presence\r\nr: <sip:z@q>\r\n\r\n");
        MessageValidator.validate(m);
        assertThat(m.topVia().transport()).isEqualTo("TCP");
        assertThat(m.from().tag()).isEqualTo("1");
        assertThat(m.callId()).isEqualTo("cid");
        assertThat(m.contacts()).hasSize(1);
        assertThat(m.supported()).containsExactly("timer");
        assertThat(m.contentType()).isEqualTo("text/plain");
        assertThat(m.header(HeaderName.CONTENT_ENCODING)).isEqualTo("gzip");
        assertThat(m.header(HeaderName.SUBJECT)).isEqualTo("hi");
        assertThat(m.header(HeaderName.EVENT)).isEqualTo("reg");
        assertThat(m.header(HeaderName.ALLOW_EVENTS)).isEqualTo("presence");
        assertThat(m.header(HeaderName.REFER_TO)).isEqualTo("<sip:z@q>");
        assertThat(m.header("content-LENGTH")).isEqualTo("0");
    }

    @Test
    void severalValuesOnOneLineAndSeveralLinesOfOneHeader() throws Exception {
        SipMessage m = parse("REGISTER sip:b SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP p1;branch=z9hG4bKa, SIP/2.0/UDP p2;branch=z9hG4bKb\r\n"
                + "Via: SIP/2.0/UDP p3;branch=z9hG4bKc\r\n"
                + "From: <sip:a@b>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: x\r\nCSeq: 2 REGISTER\r\n"
                + "Contact: <sip:a@1.2.3.4>, \"Bob, Jr\" <sip:a@5.6.7.8;transport=tcp>;expires=60\r\n"
                + "Contact: sip:a@9.9.9.9;expires=30\r\n"
                + "Route: <sip:r1;lr>, <sip:r2;lr>\r\nPath: <sip:p1;lr>\r\nPath: <sip:p2;lr;ob>\r\n"
                + "Service-Route: <sip:sr;lr>\r\nRecord-Route: <sip:rr;lr>\r\n"
                + "Require: path\r\nRequire: outbound\r\n\r\n");
        MessageValidator.validate(m);
        assertThat(m.vias()).extracting(v -> v.host()).containsExactly("p1", "p2", "p3");
        assertThat(m.contacts()).hasSize(3);
        assertThat(m.contacts().get(1).address().displayName()).isEqualTo("Bob, Jr");
        assertThat(m.contacts().get(1).expires()).isEqualTo(60);
        assertThat(m.contacts().get(2).expires()).isEqualTo(30);
        assertThat(m.routes()).hasSize(2);
        assertThat(m.paths()).hasSize(2);
        assertThat(m.paths().get(1).sipUri().hasParam("ob")).isTrue();
        assertThat(m.serviceRoutes()).hasSize(1);
        assertThat(m.recordRoutes()).hasSize(1);
        assertThat(m.require()).containsExactly("path", "outbound");
        assertThat(m.headerLines(HeaderName.CONTACT)).hasSize(2);
    }

    @Test
    void wildcardContact() throws Exception {
        SipMessage m = parse("REGISTER sip:b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
                + "From: <sip:a@b>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: x\r\nCSeq: 3 REGISTER\r\nContact: *\r\nExpires: 0\r\n\r\n");
        assertThat(m.contacts()).containsExactly(Contact.WILDCARD);
        assertThat(m.expires()).isZero();
    }

    @Test
    void foldedLinesAreJoined() throws Exception {
        SipMessage m = parse("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\n ;branch=z9hG4bK1\r\n"
                + "From: <sip:a@b>\r\n\t;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: x\r\nCSeq: 1\r\n  OPTIONS\r\n\r\n");
        MessageValidator.validate(m);
        assertThat(m.topVia().branch()).isEqualTo("z9hG4bK1");
        assertThat(m.from().tag()).isEqualTo("1");
        assertThat(m.cseq().method()).isEqualTo("OPTIONS");
    }

    @Test
    void unknownHeadersAreKeptVerbatim() throws Exception {
        SipMessage m = parse(REGISTER.replace("Expires: 3600\r\n", "X-Odd-Header:   a;;b,,c  \r\nP-Preferred-Identity: <sip:x@y>\r\n"));
        assertThat(m.header("x-odd-header")).isEqualTo("a;;b,,c");
        assertThat(m.header("P-Preferred-Identity")).isEqualTo("<sip:x@y>");
        assertThat(m.headerNameText(m.indexOf("X-Odd-Header"))).isEqualTo("X-Odd-Header");
        byte[] again = MessageEditor.of(m).toBytes();
        assertThat(new String(again, StandardCharsets.UTF_8)).contains("X-Odd-Header:   a;;b,,c  \r\n");
    }

    @Test
    void escapedAndIpv6Uris() throws Exception {
        SipMessage m = parse("REGISTER sip:[2001:db8::10]:5070;transport=tcp SIP/2.0\r\nVia: SIP/2.0/TCP [2001:db8::9:1]:5070;branch=z9hG4bK1\r\n"
                + "From: <sip:al%69ce@example.com>;tag=1\r\nTo: <sip:al%69ce@example.com>\r\nCall-ID: x\r\nCSeq: 1 REGISTER\r\n"
                + "Contact: <sip:alice@[2001:db8::1]:5060;ob>\r\n\r\n");
        MessageValidator.validate(m);
        SipUri ruri = (SipUri) ((SipRequest) m).requestUri();
        assertThat(ruri.host()).isEqualTo("[2001:db8::10]");
        assertThat(ruri.port()).isEqualTo(5070);
        assertThat(ruri.transport()).isEqualTo("tcp");
        assertThat(m.topVia().host()).isEqualTo("[2001:db8::9:1]");
        assertThat(m.to().sipUri().userDecoded()).isEqualTo("alice");
        assertThat(m.contacts().get(0).address().sipUri().hostIsIpv6()).isTrue();
    }

    @Test
    void authHeadersAreAvailableRaw() throws Exception {
        SipMessage m = parse(REGISTER.replace("Expires: 3600\r\n",
                "Authorization: Digest username=\"alice\", realm=\"pbx\", nonce=\"abc\", uri=\"sip:pbx\", response=\"00\"\r\n"
                        + "Proxy-Authorization: Digest username=\"a\"\r\n"));
        assertThat(m.authorizations()).containsExactly("Digest username=\"alice\", realm=\"pbx\", nonce=\"abc\", uri=\"sip:pbx\", response=\"00\"");
        assertThat(m.proxyAuthorizations()).hasSize(1);
    }

    @Test
    void responsesParse() throws Exception {
        SipResponse r = (SipResponse) parse("SIP/2.0 401 Unauthorized\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
                + "From: <sip:a@b>;tag=1\r\nTo: <sip:a@b>;tag=2\r\nCall-ID: x\r\nCSeq: 1 REGISTER\r\n"
                + "WWW-Authenticate: Digest realm=\"r\", nonce=\"n\"\r\nWWW-Authenticate: Digest realm=\"r\", nonce=\"n\", algorithm=SHA-256\r\n"
                + "Min-Expires: 60\r\nContent-Length: 0\r\n\r\n");
        MessageValidator.validate(r);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.reason()).isEqualTo("Unauthorized");
        assertThat(r.wwwAuthenticates()).hasSize(2);
        assertThat(r.minExpires()).isEqualTo(60);
    }

    @Test
    void parsesFromByteBufWithoutReleasingIt() throws Exception {
        ByteBuf buf = Unpooled.copiedBuffer(REGISTER, StandardCharsets.UTF_8);
        SipMessage m = parser.parse(buf);
        assertThat(m.callId()).isEqualTo("843817637684230@998sdasdh09");
        assertThat(buf.refCnt()).isEqualTo(1);
        buf.release();
    }

    @Test
    void malformedInputIsATypedErrorWithAReason() {
        assertThatThrownBy(() -> parse("")).isInstanceOf(SipParseException.class);
        assertThatThrownBy(() -> parse("\r\n\r\n")).isInstanceOf(SipParseException.class);
        assertThatThrownBy(() -> parse("garbage")).isInstanceOf(SipParseException.class);
        assertThatThrownBy(() -> parse("INVITE sip:a@b SIP/2.0\r\nVia SIP/2.0/UDP h\r\n\r\n"))
                .hasMessage("Malformed header line \"Via SIP/2.0/UDP h\" (no ':')").extracting("header").isEqualTo("header-line");
        assertThatThrownBy(() -> parse("INVITE sip:a@b SIP/2.0\r\nBad Name: x\r\n\r\n")).hasMessage("Malformed header name \"Bad Name\"");
        assertThatThrownBy(() -> parse("INVITE sip:a@b SIP/3.0\r\n\r\n"))
                .isInstanceOf(UnsupportedVersionException.class).extracting("status").isEqualTo(505);
        assertThatThrownBy(() -> parse("SIP/2.0 4294967301 Huge\r\n\r\n")).hasMessageContaining("3 digits");
        assertThatThrownBy(() -> parse("SIP/2.0 099 Low\r\n\r\n")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> parse(REGISTER.replace("Content-Length: 0", "Content-Length: 10"))).hasMessageContaining("larger");
        assertThatThrownBy(() -> parse(REGISTER.replace("Content-Length: 0", "Content-Length: -1"))).hasMessageContaining("Content-Length");
        assertThatThrownBy(() -> parse(REGISTER.replace("\r\n\r\n", "\r\n"))).hasMessageContaining("not terminated");
    }

    @Test
    void tooManyHeadersOrTooLarge() throws Exception {
        SipMessageParser small = new SipMessageParser(new ParserConfig(1024, 8));
        byte[] b = REGISTER.getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> small.parse(b, b.length)).isInstanceOf(HeadersTooLargeException.class);
        byte[] big = new byte[2000];
        assertThatThrownBy(() -> small.parse(big, big.length)).isInstanceOf(MessageTooLargeException.class)
                .extracting("status").isEqualTo(513);
    }

    @Test
    void theSalvageParserReadsPastBadLinesAndTheRequestLineSoARefusalCanBeAnswered() throws Exception {
        String bad = "INVITE <sip:a@b>  SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nCSeq 1 INVITE\r\n lost continuation\r\nBad Name: x\r\n"
                + "Call-ID: c1\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:a@b>\r\n\r\n";
        SipRequest r = (SipRequest) SipMessageParser.forErrorResponses(ParserConfig.defaults()).parse(bad.getBytes(StandardCharsets.US_ASCII), bad.length());
        assertThat(r.method()).isEqualTo("INVITE");
        assertThat(r.callId()).isEqualTo("c1");
        assertThat(r.header(HeaderName.CSEQ)).isNull();
        assertThat(r.header(HeaderName.VIA)).isEqualTo("SIP/2.0/UDP h;branch=z9hG4bK1");
    }

    @Test
    void badTypedValuesFailWhenReadAndInValidation() throws Exception {
        SipMessage m = parse(REGISTER.replace("CSeq: 1826 REGISTER", "CSeq: 99999999999 REGISTER"));
        assertThatThrownBy(m::cseq).isInstanceOf(InvalidHeaderException.class).hasMessageContaining("CSeq");
        assertThatThrownBy(() -> MessageValidator.validate(m)).isInstanceOf(SipParseException.class)
                .hasMessage("Malformed CSeq header (sequence number out of range)").extracting("header").isEqualTo("CSeq");
        SipMessage m2 = parse(REGISTER.replace("Expires: 3600", "Expires: 36893488147419103232"));
        assertThatThrownBy(() -> MessageValidator.validate(m2)).hasMessageContaining("Expires");
        SipMessage m3 = parse(REGISTER.replace("CSeq: 1826 REGISTER", "CSeq: 1826 INVITE"));
        assertThatThrownBy(() -> MessageValidator.validate(m3)).hasMessageContaining("CSeq method");
        SipMessage m4 = parse(REGISTER.replace("Call-ID: 843817637684230@998sdasdh09\r\n", ""));
        assertThatThrownBy(() -> MessageValidator.validate(m4)).hasMessage("Missing Call-ID header");
    }
}
