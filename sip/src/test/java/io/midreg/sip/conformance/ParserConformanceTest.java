package io.midreg.sip.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.midreg.sip.header.Contact;
import io.midreg.sip.header.Via;
import io.midreg.sip.message.MessageEditor;
import io.midreg.sip.message.MessageValidator;
import io.midreg.sip.message.SipMessage;
import io.midreg.sip.message.SipMessageParser;
import io.midreg.sip.message.SipParseException;
import io.midreg.sip.message.SipRequest;
import io.midreg.sip.message.SipResponse;
import io.midreg.sip.uri.GenericUri;
import io.midreg.sip.uri.SipUri;
import io.midreg.testing.ConformanceCorpus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every RFC 4475 / RFC 5118 message in the manifest through parser and validator. A valid one
 * parses, its key fields are checked, and it survives a round trip through the writer with the
 * same fields; an invalid one is refused with the status the RFC asks for (a response is
 * dropped). A new manifest row is a new case: it gets the generic checks at least.
 */
class ParserConformanceTest {
    /** Invalid messages the RFC lets a liberal receiver tolerate. */
    private static final Set<String> TOLERABLE = Set.of("lwsstart", "trws", "escruri", "baddate", "regbadct", "badaspec", "ltgtruri", "quotbal");

    private static final Map<String, Integer> REJECT_STATUS = Map.of("badvers", 505);

    private static final Map<String, Consumer<SipMessage>> CHECKS = new HashMap<>();

    static {
        CHECKS.put("wsinv", m -> {
            SipRequest r = req(m, "INVITE");
            assertThat(r.maxForwards()).isEqualTo(68);
            assertThat(r.cseq().number()).isEqualTo(9);
            assertThat(r.cseq().method()).isEqualTo("INVITE");
            assertThat(r.vias()).hasSize(3);
            assertThat(r.topVia().host()).isEqualTo("192.0.2.2");
            assertThat(r.topVia().transport()).isEqualTo("UDP");
            assertThat(r.vias().get(1).transport()).isEqualTo("TCP");
            assertThat(r.vias().get(1).branch()).isEqualTo("z9hG4bK9ikj8");
            assertThat(r.vias().get(2).branch()).isEqualTo("z9hG4bK30239");
            assertThat(r.header("Subject")).isEmpty();
            assertThat(r.to().tag()).isEqualTo("1918181833n");
            assertThat(r.from().tag()).isEqualTo("98asjd8");
            assertThat(r.from().displayName()).isEqualTo("J Rosenberg \\\"");
            assertThat(r.header("NewFangledHeader")).isEqualTo("newfangled value continued newfangled value");
            assertThat(r.header("UnknownHeaderWithUnusualValue")).isEqualTo(";;,,;;,;");
            assertThat(r.routes()).hasSize(1);
            assertThat(r.bodyLength()).isEqualTo(150);
        });
        CHECKS.put("intmeth", m -> {
            SipRequest r = req(m, "!interesting-Method0123456789_*+`.%indeed'~");
            assertThat(r.cseq().method()).isEqualTo(r.method());
            assertThat(r.cseq().number()).isEqualTo(139122385L);
            assertThat(r.to().displayName()).contains("\u0007").contains("\u0000").contains("\u007f");
            assertThat(r.topVia().branch()).startsWith("z9hG4bK");
        });
        CHECKS.put("esc01", m -> {
            SipRequest r = req(m, "INVITE");
            SipUri ruri = (SipUri) r.requestUri();
            assertThat(ruri.userDecoded()).isEqualTo("sips:user@example.com");
            assertThat(r.to().sipUri().userDecoded()).isEqualTo("user");
            assertThat(r.from().sipUri().userDecoded()).isEqualTo("I have spaces");
            SipUri contact = r.contacts().get(0).address().sipUri();
            assertThat(contact.userDecoded()).isEqualTo("caller");
            assertThat(contact.param("name")).isEqualTo("value%41");
            assertThat(contact.hasParam("lr")).isTrue();
        });
        CHECKS.put("escnull", m -> {
            SipRequest r = req(m, "REGISTER");
            assertThat(r.to().sipUri().userDecoded()).isEqualTo("null-\u0000-null");
            assertThat(r.to().sipUri().aor()).isEqualTo("sip:null-%00-null@example.com");
            List<Contact> c = r.contacts();
            assertThat(c).hasSize(2);
            assertThat(c.get(0).address().sipUri().userDecoded()).isEqualTo("\u0000");
            assertThat(c.get(1).address().sipUri().userDecoded()).isEqualTo("\u0000\u0000");
            assertThat(c.get(0).address().sipUri().equivalent(c.get(1).address().sipUri())).isFalse();
        });
        CHECKS.put("esc02", m -> {
            SipRequest r = req(m, "RE%47IST%45R");
            assertThat(r.method()).isNotEqualTo("REGISTER");
            assertThat(r.contacts()).hasSize(2);
            assertThat(r.header("C%6Fntact")).isEqualTo("<sip:alias2@host2.example.com>");
            assertThat(r.to().displayName()).isEqualTo("%Z%45");
        });
        CHECKS.put("lwsdisp", m -> {
            req(m, "OPTIONS");
            assertThat(m.from().displayName()).isEqualTo("caller");
            assertThat(m.from().sipUri().user()).isEqualTo("caller");
            assertThat(m.from().tag()).isEqualTo("323");
        });
        CHECKS.put("longreq", m -> {
            req(m, "INVITE");
            assertThat(m.vias()).hasSize(34);
            assertThat(m.bodyLength()).isEqualTo(150);
            assertThat(m.from().tag()).hasSizeGreaterThan(50);
            assertThat(m.to().displayName()).contains("extreme proportion");
            assertThat(m.callId()).hasSizeGreaterThan(100);
        });
        CHECKS.put("dblreq", m -> {
            req(m, "REGISTER");
            assertThat(m.bodyLength()).isZero();
            assertThat(m.size()).isLessThan(450);
        });
        CHECKS.put("semiuri", m -> {
            SipUri u = (SipUri) req(m, "OPTIONS").requestUri();
            assertThat(u.userDecoded()).isEqualTo("user;par=u@example.net");
            assertThat(u.host()).isEqualTo("example.com");
            assertThat(u.params().isEmpty()).isTrue();
        });
        CHECKS.put("transports", m -> {
            assertThat(m.vias()).extracting(Via::transport).containsExactly("UDP", "SCTP", "TLS", "UNKNOWN", "TCP");
        });
        CHECKS.put("mpart01", m -> {
            req(m, "MESSAGE");
            assertThat(m.bodyLength()).isEqualTo(553);
            byte[] body = m.body();
            assertThat(body).contains((byte) 0);
        });
        CHECKS.put("unreason", m -> {
            SipResponse r = resp(m, 200);
            assertThat(r.reason()).isEqualTo("= 2**3 * 5**2 но сто девяносто девять - простое");
        });
        CHECKS.put("noreason", m -> {
            SipResponse r = resp(m, 100);
            assertThat(r.reason()).isEmpty();
        });
        CHECKS.put("badbranch", m -> {
            assertThat(m.topVia().branch()).isEqualTo("z9hG4bK");
            assertThat(m.topVia().hasRfc3261Branch()).isFalse();
        });
        CHECKS.put("unkscm", m -> {
            assertThat(req(m, "OPTIONS").requestUri()).isInstanceOf(GenericUri.class);
            assertThat(((SipRequest) m).requestUri().scheme()).isEqualTo("nobodyknowsthisscheme");
        });
        CHECKS.put("novelsc", m -> assertThat(req(m, "OPTIONS").requestUri().scheme()).isEqualTo("soap.beep"));
        CHECKS.put("unksm2", m -> {
            req(m, "REGISTER");
            assertThat(m.to().uri()).isInstanceOf(GenericUri.class);
            assertThat(m.to().uri().scheme()).isEqualTo("isbn");
            assertThat(m.from().uri().scheme()).isEqualTo("http");
            assertThat(m.contacts().get(0).address().uri().scheme()).isEqualTo("name");
        });
        CHECKS.put("bext01", m -> {
            assertThat(m.require()).containsExactly("nothingSupportsThis", "nothingSupportsThisEither");
            assertThat(m.proxyRequire()).containsExactly("noProxiesSupportThis", "norDoAnyProxiesSupportThis");
        });
        CHECKS.put("invut", m -> {
            req(m, "INVITE");
            assertThat(m.contentType()).isEqualTo("application/unknownformat");
            assertThat(m.bodyLength()).isEqualTo(40);
        });
        CHECKS.put("regaut01", m -> {
            req(m, "REGISTER");
            assertThat(m.authorizations()).containsExactly("NoOneKnowsThisScheme opaque-data=here");
        });
        CHECKS.put("bcast", m -> {
            resp(m, 200);
            assertThat(m.vias()).hasSize(2);
            assertThat(m.vias().get(1).host()).isEqualTo("255.255.255.255");
        });
        CHECKS.put("zeromf", m -> assertThat(req(m, "OPTIONS").maxForwards()).isZero());
        CHECKS.put("cparam01", m -> {
            req(m, "REGISTER");
            Contact c = m.contacts().get(0);
            assertThat(c.address().params().has("unknownparam")).isTrue();
            assertThat(c.address().sipUri().hasParam("unknownparam")).isFalse();
            assertThat(c.address().sipUri().toString()).isEqualTo("sip:+19725552222@gw1.example.net");
        });
        CHECKS.put("cparam02", m -> {
            Contact c = m.contacts().get(0);
            assertThat(c.address().params().isEmpty()).isTrue();
            assertThat(c.address().sipUri().hasParam("unknownparam")).isTrue();
        });
        CHECKS.put("regescrt", m -> {
            SipUri u = m.contacts().get(0).address().sipUri();
            assertThat(u.headers()).isEqualTo("Route=%3Csip:sip.example.com%3E");
            assertThat(u.toString()).isEqualTo("sip:user@example.com?Route=%3Csip:sip.example.com%3E");
        });
        CHECKS.put("sdp01", m -> assertThat(m.header("Accept")).isEqualTo("text/nobodyKnowsThis"));
        CHECKS.put("inv2543", m -> {
            req(m, "INVITE");
            assertThat(m.topVia().branch()).isNull();
            assertThat(m.from().tag()).isNull();
            assertThat(m.maxForwards()).isEqualTo(-1);
            assertThat(m.contentLength()).isIn(-1, m.bodyLength()); // the writer adds Content-Length
            assertThat(m.bodyLength()).isGreaterThan(0);
        });
        CHECKS.put("ipv6-good", m -> {
            SipUri u = (SipUri) req(m, "REGISTER").requestUri();
            assertThat(u.host()).isEqualTo("[2001:db8::10]");
            assertThat(m.topVia().host()).isEqualTo("[2001:db8::9:1]");
            assertThat(m.contacts().get(0).address().sipUri().host()).isEqualTo("[2001:db8::1]");
        });
        CHECKS.put("port-ambiguous", m -> {
            SipUri u = (SipUri) req(m, "REGISTER").requestUri();
            assertThat(u.host()).isEqualTo("[2001:db8::10:5070]");
            assertThat(u.port()).isEqualTo(-1);
        });
        CHECKS.put("port-unambiguous", m -> {
            SipUri u = (SipUri) req(m, "REGISTER").requestUri();
            assertThat(u.host()).isEqualTo("[2001:db8::10]");
            assertThat(u.port()).isEqualTo(5070);
        });
        CHECKS.put("via-received-param-with-delim", m -> {
            req(m, "BYE");
            assertThat(m.topVia().received()).isEqualTo("[2001:db8::9:255]");
        });
        CHECKS.put("via-received-param-no-delim", m -> {
            req(m, "OPTIONS");
            assertThat(m.topVia().received()).isEqualTo("2001:db8::9:255");
            assertThat(m.topVia().branch()).isEqualTo("z9hG4bKas3");
        });
        CHECKS.put("ipv6-in-sdp", m -> {
            req(m, "INVITE");
            String body = new String(m.body(), StandardCharsets.US_ASCII);
            assertThat(body).contains("c=IN IP6 2001:db8::20");
        });
        CHECKS.put("mult-ip-in-header", m -> {
            req(m, "BYE");
            List<Via> v = m.vias();
            assertThat(v).hasSize(3);
            assertThat(v.get(0).host()).isEqualTo("[2001:db8::9:1]");
            assertThat(v.get(0).port()).isEqualTo(6050);
            assertThat(v.get(1).host()).isEqualTo("192.0.2.1");
            assertThat(v.get(2).host()).isEqualTo("[2001:db8::9:255]");
            assertThat(v.get(2).transport()).isEqualTo("TCP");
            assertThat(v.get(2).received()).isEqualTo("192.0.2.200");
        });
        CHECKS.put("mult-ip-in-sdp", m -> {
            String body = new String(req(m, "INVITE").body(), StandardCharsets.US_ASCII);
            assertThat(body).contains("c=IN IP4 192.0.2.1").contains("c=IN IP6 2001:db8::1");
        });
        CHECKS.put("ipv4-mapped-ipv6", m -> {
            req(m, "INVITE");
            assertThat(m.topVia().host()).isEqualTo("[::ffff:192.0.2.10]");
            assertThat(m.topVia().port()).isEqualTo(19823);
            assertThat(m.contacts().get(0).address().sipUri().host()).isEqualTo("[::ffff:192.0.2.2]");
        });
        CHECKS.put("ipv6-bug-abnf-3-colons", m -> {
            SipUri u = (SipUri) req(m, "OPTIONS").requestUri();
            assertThat(u.host()).isEqualTo("[2001:db8:::192.0.2.1]");
        });
        CHECKS.put("ipv6-correct-abnf-2-colons", m -> {
            SipUri u = (SipUri) req(m, "OPTIONS").requestUri();
            assertThat(u.host()).isEqualTo("[2001:db8::192.0.2.1]");
            assertThat(m.to().sipUri().host()).isEqualTo("[2001:db8::192.0.2.1]");
        });
    }

    private final SipMessageParser parser = new SipMessageParser();

    @Test
    void manifestHasEveryMessageOfBothRfcs() throws Exception {
        List<ConformanceCorpus.Entry> entries = ConformanceCorpus.entries();
        assertThat(entries).hasSizeGreaterThanOrEqualTo(61);
        assertThat(entries.stream().filter(e -> e.rfc().equals("4475"))).hasSize(49);
        assertThat(entries.stream().filter(e -> e.rfc().equals("5118"))).hasSize(12);
        for (ConformanceCorpus.Entry e : entries) e.originalBytes();
    }

    @TestFactory
    Stream<DynamicTest> everyManifestMessage() throws Exception {
        return ConformanceCorpus.entries().stream().map(e -> DynamicTest.dynamicTest(e.toString(),
                () -> Assertions.assertTimeoutPreemptively(Duration.ofSeconds(1), () -> check(e))));
    }

    /** The RFC 5118 archive copies (LF only, some unterminated): accepted or refused, never a crash. */
    @TestFactory
    Stream<DynamicTest> lfOnlyArchiveCopiesNeverCrash() throws Exception {
        return ConformanceCorpus.entries().stream().filter(e -> e.rfc().equals("5118")).map(e -> DynamicTest.dynamicTest(e.name(),
                () -> Assertions.assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
                    byte[] b = e.originalBytes();
                    try {
                        MessageValidator.validate(parser.parse(b, b.length));
                    } catch (SipParseException ex) {
                        assertThat(ex.status()).isBetween(400, 599);
                    }
                })));
    }

    private void check(ConformanceCorpus.Entry e) throws Exception {
        byte[] wire = e.wireBytes();
        SipMessage m;
        try {
            m = parser.parse(wire, wire.length);
            MessageValidator.validate(m);
        } catch (SipParseException ex) {
            assertThat(ex.reason()).isNotBlank().doesNotContain("\r", "\n");
            if (e.valid()) fail("valid message refused: " + ex.status() + " " + ex.reason());
            if (e.isRequest()) {
                int want = REJECT_STATUS.getOrDefault(e.name(), 400);
                assertThat(ex.status()).as("status for %s", e.name()).isEqualTo(want);
            }
            return;
        }
        if (!e.valid()) {
            assertThat(TOLERABLE).as("invalid message %s was accepted", e.name()).contains(e.name());
            return;
        }
        assertThat(m.isRequest()).isEqualTo(e.isRequest());
        assertThat(m.callId()).isNotEmpty();
        assertThat(m.cseq()).isNotNull();
        Consumer<SipMessage> specific = CHECKS.getOrDefault(e.name(), x -> { });
        specific.accept(m);
        // Nothing is truncated: the message ends where its body ends (dblreq's trailing octets are the only excess).
        assertThat(m.size()).isLessThanOrEqualTo(wire.length);
        if (!e.name().equals("dblreq")) assertThat(m.size()).isEqualTo(wire.length);

        // Round trip: the writer's copy parses to the same fields.
        byte[] again = MessageEditor.of(m).toBytes();
        SipMessage m2 = parser.parse(again, again.length);
        MessageValidator.validate(m2);
        assertThat(m2.startLine()).isEqualTo(m.startLine());
        assertThat(m2.callId()).isEqualTo(m.callId());
        assertThat(m2.cseq()).isEqualTo(m.cseq());
        assertThat(m2.vias()).hasSameSizeAs(m.vias());
        assertThat(m2.body()).isEqualTo(m.body());
        specific.accept(m2);
    }

    private static SipRequest req(SipMessage m, String method) {
        assertThat(m).isInstanceOf(SipRequest.class);
        SipRequest r = (SipRequest) m;
        assertThat(r.method()).isEqualTo(method);
        return r;
    }

    private static SipResponse resp(SipMessage m, int status) {
        assertThat(m).isInstanceOf(SipResponse.class);
        SipResponse r = (SipResponse) m;
        assertThat(r.status()).isEqualTo(status);
        return r;
    }
}
