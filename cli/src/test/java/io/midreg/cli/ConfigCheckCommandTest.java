package io.midreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code midreg config check}: every kind of bad config names its key and line and exits 2. */
class ConfigCheckCommandTest {
    /** The smallest good config; each case below spoils it one way. */
    private static final String GOOD = "upstream:\n  target: 127.0.0.1:5070\n  tokenSecret: 0123456789abcdef0123\n";

    @TempDir
    Path dir;

    private record Result(int exit, String out, String err) {
    }

    private Result check(String yaml) throws Exception {
        Path f = dir.resolve("midreg.yaml");
        Files.writeString(f, yaml);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new MidregCommand()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute("config", "check", f.toString());
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void aGoodConfigExits0() throws Exception {
        Result r = check(GOOD);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains(": ok");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown key            | sip:\\n  listners: []\\n                                       | line 5 | 'sip.listners'
            wrong type             | registrar:\\n  maxContacts: many\\n                           | line 5 | 'registrar.maxContacts'
            out of range           | registrar:\\n  maxContacts: 5000\\n                           | line 5 | registrar.maxContacts
            min above max          | registrar:\\n  minExpires: 7200\\n  maxExpires: 600\\n      | line 5 | registrar.minExpires
            tls without certificate | sip:\\n  listeners:\\n    - transport: tls\\n      port: 5061\\n | line 6 | sip.listeners[0].certificate
            admin without token    | admin:\\n  listen: 0.0.0.0:9070\\n                           | line 4 | admin.token
            bad enum               | registrar:\\n  belowMinExpires: maybe\\n                      | line 5 | registrar.belowMinExpires
            """)
    void eachKindOfBadConfigNamesKeyAndLineAndExits2(String kind, String extra, String line, String key) throws Exception {
        Result r = check(GOOD + extra.strip().replace("\\n", "\n") + "\n");
        assertThat(r.exit()).as(kind + ": " + r.out() + r.err()).isEqualTo(ExitCodes.CONFIG);
        assertThat(r.err()).as(kind).contains(line).contains(key);
    }

    @Test
    void anInconsistentCombinationIsNamed() throws Exception {
        Result r = check("registrar:\n  mode: aor\n" + GOOD + "  insertion: path\n");
        assertThat(r.exit()).isEqualTo(ExitCodes.CONFIG);
        assertThat(r.err()).contains("upstream.insertion").contains("line 6").contains("aor");
    }

    @Test
    void brokenYamlAndAMissingFileExit2() throws Exception {
        Result broken = check("sip:\n  eventLoops: \"1\n");
        assertThat(broken.exit()).isEqualTo(ExitCodes.CONFIG);
        assertThat(broken.err()).contains("not valid YAML");
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new MidregCommand()).setErr(new PrintWriter(err, true)).execute("config", "check", dir.resolve("none.yaml").toString());
        assertThat(exit).isEqualTo(ExitCodes.CONFIG);
        assertThat(err.toString()).contains("none.yaml").contains("cannot read");
    }
}
