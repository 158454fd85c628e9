package io.midreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.config.LoadedConfig;
import io.midreg.server.MidregServer;
import io.midreg.sip.transport.BoundListener;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.testing.KamailioOptions;
import io.midreg.testing.KamailioRegistrar;
import io.midreg.testing.TestConfig;
import io.midreg.testing.TestDevice;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code midreg upstream list} and {@code midreg stats} with several upstream targets (two real
 * Kamailio, priorities 1 and 2): one line per target with its state and pacer figures, and the
 * target holding each registration in the table.
 */
@Timeout(120)
class UpstreamTargetsCommandsIT {
    private static final String DOMAIN = KamailioOptions.DEFAULT_REALM;

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        int code = new CommandLine(new MidregCommand()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(out, true)).execute(args);
        System.out.println("$ midreg " + String.join(" ", args) + "   # exit " + code + "\n" + out);
        assertThat(code).as(out.toString()).isZero();
        return out.toString();
    }

    @Test
    void eachTargetHasItsLineAndEachRegistrationNamesItsTarget() throws Exception {
        try (KamailioRegistrar a = KamailioRegistrar.start(KamailioOptions.withoutAuth());
             KamailioRegistrar b = KamailioRegistrar.start(KamailioOptions.withoutAuth())) {
            String nameA = "127.0.0.1:" + a.address().getPort();
            String nameB = "127.0.0.1:" + b.address().getPort();
            Path dir = Files.createTempDirectory("midreg-cli-targets");
            String yaml = TestConfig.loopback(0, dir.resolve("midreg.store")).withoutUpstreamTarget()
                    .upstream("targets", "[\"" + nameA + ";priority=1\", \"" + nameB + ";priority=2\"]").yaml();
            MidregServer midreg = new MidregServer(LoadedConfig.parse("cli-targets.yaml", yaml));
            midreg.start();
            try {
                InetSocketAddress sip = midreg.listeners().stream().filter(l -> l.config().protocol() == TransportProtocol.UDP)
                        .map(BoundListener::address).findFirst().orElseThrow();
                try (TestDevice dave = new TestDevice(sip, "dave", DOMAIN, "pw")) {
                    assertThat(dave.register(60).status()).isEqualTo(200);
                }
                String admin = midreg.admin().url();

                String list = run("upstream", "list", "--admin", admin);
                assertThat(list).contains("target " + nameA + " priority 1 weight 1: up, active; sent 1")
                        .contains("target " + nameB + " priority 2 weight 1: up;").contains("TARGET");
                assertThat(list.lines().filter(l -> l.startsWith("sip:dave@")).findFirst().orElseThrow()).contains(nameA);
                JsonNode json = JsonMapper.builder().build().readTree(run("upstream", "list", "--json", "--admin", admin));
                assertThat(json.get("targets")).hasSize(2);
                assertThat(json.get("targets").get(0).get("name").asString()).isEqualTo(nameA);

                String stats = run("stats", "--admin", admin);
                assertThat(stats).contains("upstream target").contains(nameA + " priority 1 weight 1: up, active; sent 1").contains(nameB + " priority 2")
                        .contains("upstream down: answered here / refused").contains("0 / 0 (0 answered before a slow upstream)");
            } finally {
                midreg.close();
            }
        }
    }
}
