package io.midreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.testing.FreeLoopbackPort;
import io.midreg.testing.KamailioOptions;
import io.midreg.testing.KamailioRegistrar;
import io.midreg.testing.Sipp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restart without a storm, with real processes: SIPp registers N AORs through {@code bin/midreg run} to a
 * real Kamailio; midreg is killed (SIGKILL, or stopped with SIGTERM), a new midreg opens the same
 * store, and SIPp refreshes every AOR (same Call-ID, Contact and source port, CSeq one higher).
 * The upstream must see no REGISTER at all: every refresh is answered from the stored upstream state.
 * The upstream cap is lifted (upstream.rate) so that the first registrations go through at once.
 */
@Timeout(150)
class RestartWithoutStormIT {
    private static final Path HOME = Path.of(System.getProperty("user.dir")).resolve("..").normalize();
    private static final int AORS = 2000;
    private static final int RATE = 1000;

    @Test
    void afterKillNineTheRefreshesOfEveryAorAreAbsorbed(@TempDir Path dir) throws Exception {
        restartAbsorbsEveryRefresh(dir, "KILL");
    }

    @Test
    void afterSigtermTheRefreshesOfEveryAorAreAbsorbed(@TempDir Path dir) throws Exception {
        restartAbsorbsEveryRefresh(dir, "TERM");
    }

    private void restartAbsorbsEveryRefresh(Path dir, String signal) throws Exception {
        int port = MidregProcess.freeUdpPort();
        int adminPort = FreeLoopbackPort.pick();
        int sippPort = MidregProcess.freeUdpPort();
        Path users = dir.resolve("users.csv");
        StringBuilder csv = new StringBuilder("SEQUENTIAL\n");
        for (int i = 1; i <= AORS; i++) csv.append(String.format("restart%05d;%s%n", i, KamailioOptions.DEFAULT_REALM));
        Files.writeString(users, csv);
        String callIds = "%u-restart-" + signal + "@it";
        try (KamailioRegistrar kamailio = KamailioRegistrar.start(KamailioOptions.withoutAuth())) {
            Path config = dir.resolve("midreg.yaml");
            Files.writeString(config, io.midreg.testing.TestConfig.loopback(kamailio.address().getPort(), dir.resolve("midreg.store"))
                    .sipPort(port).registrar("minExpires", 60).upstream("rate", 100000).store("capacity", AORS * 2)
                    .admin("listen", "127.0.0.1:" + adminPort).yaml());
            try (MidregProcess first = MidregProcess.start(HOME.resolve("bin/midreg"), HOME, config, port)) {
                Sipp.Result pre = pass(first, users, sippPort, callIds, 1);
                assertThat(pre.allCallsSucceeded()).as(pre.output()).isTrue();
                assertThat(kamailio.registeredUsers()).as("AORs registered upstream").isEqualTo(AORS);
                first.signal(signal);
                assertThat(first.awaitExit(30)).as(first.log()).isIn(0, 137, 143);
            }
            long upstreamBefore = kamailio.registerRequestsReceived();
            try (MidregProcess second = MidregProcess.start(HOME.resolve("bin/midreg"), HOME, config, port)) {
                Sipp.Result refresh = pass(second, users, sippPort, callIds, 2);
                assertThat(refresh.allCallsSucceeded()).as("every refresh answered 200: " + refresh.output()).isTrue();
                assertThat(kamailio.registerRequestsReceived() - upstreamBefore).as("REGISTERs upstream after the restart").isZero();
                String stats = get("http://127.0.0.1:" + adminPort + "/api/stats");
                // SIPp retransmits a REGISTER whose 200 it read late (a loaded machine); a retransmission
                // that outlived its transaction is answered from the store again, so count against received.
                assertThat(number(stats, "received")).as(stats).isGreaterThanOrEqualTo(AORS);
                assertThat(number(stats, "absorbed")).as(stats).isEqualTo(number(stats, "received"));
                assertThat(number(stats, "forwarded")).as(stats).isZero();
            }
        }
    }

    /** One SIPp pass over every AOR from the same source port, with Call-ID k for line k and CSeq {@code cseq}. */
    private static Sipp.Result pass(MidregProcess midreg, Path users, int sippPort, String callIds, int cseq) throws Exception {
        return Sipp.run("register-load-uac.xml", midreg.sipAddress(), "u1", AORS, RATE, 40,
                "-inf", users.toString(), "-p", Integer.toString(sippPort), "-cid_str", callIds, "-base_cseq", Integer.toString(cseq),
                "-set", "expires", "300", "-l", Integer.toString(RATE * 4));
    }

    private static String get(String url) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    private static long number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*(\\d+)").matcher(json);
        assertThat(m.find()).as(key + " in " + json).isTrue();
        return Long.parseLong(m.group(1));
    }
}
