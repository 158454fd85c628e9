package io.midreg.sip.uri;

import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.midreg.testing.FuzzBounds;
import io.midreg.testing.FuzzSeeds;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes the URI parser: sip and sips URIs (RFC 3261 §19.1, escapes, parameters, headers, IPv6
 * references per RFC 5118) and other schemes such as tel kept as generic URIs. It may refuse
 * input only with {@link InvalidUriException}. A SIP URI that parses must print as a URI that
 * parses to an equivalent one, and its derived forms (AOR, host:port, decoded user) must not
 * throw: the registrar keys its store by them.
 * Seeds: Request-URIs and bracketed URIs of the RFC 4475 / RFC 5118 corpus and {@code UriParserFuzzTestInputs/}.
 */
class UriParserFuzzTest {
    static Stream<Arguments> corpus() {
        return FuzzSeeds.uris().stream().map(s -> arguments(named(s.name(), s.bytes())));
    }

    @MethodSource("corpus")
    @FuzzTest(maxDuration = "15s")
    void uri(byte[] input) {
        FuzzBounds.check("UriParser", input, () -> {
            Uri uri = UriParser.parse(input, 0, input.length);
            if (uri instanceof SipUri s) {
                s.aor();
                s.hostPort();
                s.userDecoded();
                s.portOrDefault();
                s.transport();
                Uri again = UriParser.parse(s.toString());
                if (!(again instanceof SipUri t) || !s.equivalent(t)) {
                    throw new AssertionError("SIP URI [" + s + "] reparses as [" + again + "]");
                }
            }
        }, InvalidUriException.class);
    }
}
