package io.midreg.sip.message;

import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.midreg.sip.header.Contact;
import io.midreg.sip.header.InvalidHeaderException;
import io.midreg.sip.header.NameAddress;
import io.midreg.sip.header.Via;
import io.midreg.sip.uri.InvalidUriException;
import io.midreg.testing.FuzzBounds;
import io.midreg.testing.FuzzSeeds;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes the message parser as a UDP datagram meets it: parse, validate, then every typed
 * header a layer above may read. The only failures allowed are the parser's own (a
 * {@link SipParseException}, which the stack answers with 400/505/513) and the lazy typed
 * values' own ({@link InvalidHeaderException}, {@link InvalidUriException}); the parser's size
 * and header-count limits must hold for every input; the salvage parser that reads refused
 * requests for their error response fails only with {@link SipParseException}.
 * Seeds: the RFC 4475 / RFC 5118 corpus and {@code SipMessageParserFuzzTestInputs/}.
 */
class SipMessageParserFuzzTest {
    /** A small configuration, so that random inputs reach the limits. */
    private static final ParserConfig SMALL = new ParserConfig(512, 8);
    private static final SipMessageParser PARSER = new SipMessageParser();
    private static final SipMessageParser SMALL_PARSER = new SipMessageParser(SMALL);
    private static final SipMessageParser SALVAGE = SipMessageParser.forErrorResponses(ParserConfig.defaults());

    static Stream<Arguments> corpus() {
        return FuzzSeeds.messages().stream().map(s -> arguments(named(s.name(), s.bytes())));
    }

    @MethodSource("corpus")
    @FuzzTest(maxDuration = "15s")
    void datagram(byte[] input) {
        FuzzBounds.check("SipMessageParser", input, () -> readEverything(PARSER.parse(input.clone(), input.length)),
                SipParseException.class);
        FuzzBounds.check("SipMessageParser (512 octets, 8 headers)", input, () -> checkLimits(input), SipParseException.class);
        FuzzBounds.check("SipMessageParser.forErrorResponses", input, () -> readEverything(SALVAGE.parse(input.clone(), input.length)),
                SipParseException.class);
    }

    private static void checkLimits(byte[] input) throws SipParseException {
        SipMessage m;
        try {
            m = SMALL_PARSER.parse(input.clone(), input.length);
        } catch (MessageTooLargeException e) {
            return;
        } catch (SipParseException e) {
            if (input.length > SMALL.maxMessageSize()) throw new AssertionError("a " + input.length + "-byte message was refused for another reason than its size: " + e.reason());
            throw e;
        }
        if (input.length > SMALL.maxMessageSize()) throw new AssertionError("a " + input.length + "-byte message passed the 512-octet limit");
        if (m.headerCount() > SMALL.maxHeaders()) throw new AssertionError(m.headerCount() + " header fields passed the limit of 8");
    }

    /** Validates and reads each typed value; a typed error of one value does not hide the next. */
    private static void readEverything(SipMessage m) {
        try {
            MessageValidator.validate(m);
        } catch (SipParseException e) {
            if (e.reason() == null || e.reason().isEmpty() || e.reason().indexOf('\r') >= 0 || e.reason().indexOf('\n') >= 0) {
                throw new AssertionError("reason phrase not fit for a status line: [" + e.reason() + "]");
            }
        }
        m.startLine();
        for (int i = 0; i < m.headerCount(); i++) {
            m.headerName(i);
            m.headerNameText(i);
            m.headerValue(i);
        }
        m.body();
        m.toBytes();
        m.toString();
        typed(() -> {
            for (Via v : m.vias()) {
                v.sentBy();
                v.rport();
                v.toString();
            }
        });
        typed(() -> nameAddress(m.from()));
        typed(() -> nameAddress(m.to()));
        typed(m::callId);
        typed(m::cseq);
        typed(() -> {
            for (Contact c : m.contacts()) {
                if (c.isWildcard()) continue;
                c.expires();
                c.qThousandths();
                c.instance();
                c.regId();
                nameAddress(c.address());
            }
        });
        typed(() -> m.routes().forEach(SipMessageParserFuzzTest::nameAddress));
        typed(() -> m.recordRoutes().forEach(SipMessageParserFuzzTest::nameAddress));
        typed(() -> m.paths().forEach(SipMessageParserFuzzTest::nameAddress));
        typed(() -> m.serviceRoutes().forEach(SipMessageParserFuzzTest::nameAddress));
        typed(() -> m.pAssociatedUris().forEach(SipMessageParserFuzzTest::nameAddress));
        typed(m::expires);
        typed(m::minExpires);
        typed(m::maxForwards);
        typed(m::contentLength);
        typed(m::supported);
        typed(m::require);
        typed(m::proxyRequire);
        typed(m::authorizations);
        typed(m::wwwAuthenticates);
        typed(m::contentType);
        typed(m::userAgent);
        if (m instanceof SipRequest r) {
            r.method();
            r.requestUriText();
            typed(() -> r.requestUri().toString());
        } else if (m instanceof SipResponse r) {
            r.status();
            r.reason();
        }
    }

    private static void nameAddress(NameAddress a) {
        if (a == null) return;
        a.displayName();
        a.tag();
        a.uri().toString();
        a.toString();
    }

    private static void typed(Runnable read) {
        try {
            read.run();
        } catch (InvalidHeaderException | InvalidUriException e) {
            if (e.getMessage() == null || e.getMessage().isEmpty()) throw new AssertionError("typed error without a message", e);
        }
    }
}
