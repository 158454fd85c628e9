package io.midreg.sip.header;

import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.midreg.sip.uri.InvalidUriException;
import io.midreg.testing.FuzzBounds;
import io.midreg.testing.FuzzSeeds;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes the typed header parsers on one header value each: Via (list), Contact (list, with its
 * expires, q, +sip.instance and reg-id), From/To name-addr, Route-style name-addr lists and CSeq.
 * Every parser sees every input; each may refuse it only with {@link InvalidHeaderException}
 * or, for the URI inside, {@link InvalidUriException} (which the validator turns into a 400
 * naming the header). A value that parses must print and parse again.
 * Seeds: those headers' values in the RFC 4475 / RFC 5118 corpus and {@code HeaderParsersFuzzTestInputs/}.
 */
class HeaderParsersFuzzTest {
    static Stream<Arguments> corpus() {
        return FuzzSeeds.headerValues("Via", "v", "Contact", "m", "From", "f", "To", "t", "CSeq",
                        "Route", "Record-Route", "Path", "Service-Route", "P-Associated-URI")
                .stream().map(s -> arguments(named(s.name(), s.bytes())));
    }

    @MethodSource("corpus")
    @FuzzTest(maxDuration = "15s")
    void headerValue(byte[] input) {
        FuzzBounds.check("ViaParser", input, () -> {
            List<Via> vias = new ArrayList<>();
            ViaParser.parseList(input, 0, input.length, vias);
            for (Via v : vias) {
                v.sentBy();
                v.rport();
                v.hasRfc3261Branch();
                Via.parse(v.toString());
            }
        }, InvalidHeaderException.class, InvalidUriException.class);
        FuzzBounds.check("ContactParser", input, () -> {
            List<Contact> contacts = new ArrayList<>();
            ContactParser.parseList(input, 0, input.length, contacts);
            for (Contact c : contacts) {
                if (c.isWildcard()) continue;
                c.expires();
                c.qThousandths();
                c.instance();
                c.regId();
                Contact.parseList(c.toString());
            }
        }, InvalidHeaderException.class, InvalidUriException.class);
        FuzzBounds.check("NameAddressParser (From)", input, () -> {
            NameAddress a = NameAddressParser.parse(input, 0, input.length, "From");
            a.tag();
            NameAddress.parse("From", a.toString());
        }, InvalidHeaderException.class, InvalidUriException.class);
        FuzzBounds.check("NameAddressParser (Route list)", input, () -> {
            List<NameAddress> list = new ArrayList<>();
            NameAddressParser.parseList(input, 0, input.length, "Route", list);
            for (NameAddress a : list) NameAddress.parse("Route", a.toString());
        }, InvalidHeaderException.class, InvalidUriException.class);
        FuzzBounds.check("CSeq", input, () -> {
            CSeq c = CSeq.parse(input, 0, input.length);
            CSeq.parse(c.toString());
        }, InvalidHeaderException.class);
    }
}
