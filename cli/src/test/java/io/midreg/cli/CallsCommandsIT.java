package io.midreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.sip.uri.SipUri;
import io.midreg.testing.FreeLoopbackPort;
import io.midreg.testing.KamailioOptions;
import io.midreg.testing.KamailioRegistrar;
import io.midreg.testing.RegisteredContact;
import io.midreg.testing.Sipp;
import io.midreg.testing.SippUas;
import io.midreg.testing.TestDevice;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code midreg calls} and {@code midreg trace} against {@code bin/midreg run} in front of a real
 * Kamailio, as an operator types them: a device registers through midreg, the operator traces
 * its AOR, a SIPp PBX calls the device (a SIPp device that answers) and holds the call (45 s: each
 * command is a JVM start, slow on a loaded machine). While it
 * is up {@code midreg calls list} and {@code calls show} show it confirmed; after the BYE the list
 * is empty; the trace shows the call's messages (the PBX's INVITE to the token Contact, the copy
 * to the device, the answers, ACK and BYE), though neither its To nor its From names the AOR.
 */
@Timeout(240)
class CallsCommandsIT {
    private static final Path HOME = Path.of(System.getProperty("user.dir")).resolve("..").normalize();
    private static final String DOMAIN = KamailioOptions.DEFAULT_REALM;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What one {@code bin/midreg} command printed and returned. */
    private record Run(int exit, String out) {
    }

    private static Run cli(String admin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(HOME.resolve("bin/midreg").toString()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--admin", admin));
        Process p = new ProcessBuilder(cmd).directory(HOME.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("midreg " + String.join(" ", args) + " did not finish: " + out);
        }
        System.out.println("$ midreg " + String.join(" ", args) + "   # exit " + p.exitValue() + "\n" + out);
        return new Run(p.exitValue(), out);
    }

    private static JsonNode calls(String admin) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(admin + "/api/calls")).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    @Test
    void callsListAndShowShowAHeldCallAndTheAorsTraceShowsItsInvite(@TempDir Path dir) throws Exception {
        int port = MidregProcess.freeUdpPort();
        int adminPort = FreeLoopbackPort.pick();
        String admin = "http://127.0.0.1:" + adminPort;
        try (KamailioRegistrar kamailio = KamailioRegistrar.start(KamailioOptions.withoutAuth())) {
            Path config = dir.resolve("midreg.yaml");
            Files.writeString(config, io.midreg.testing.TestConfig.loopback(kamailio.address().getPort(), dir.resolve("midreg.store"))
                    .sipPort(port).admin("listen", "127.0.0.1:" + adminPort).yaml());
            try (MidregProcess midreg = MidregProcess.start(HOME.resolve("bin/midreg"), HOME, config, port)) {
                int devicePort;
                try (TestDevice phone = new TestDevice(midreg.sipAddress(), "held", DOMAIN, "pw")) {
                    assertThat(phone.register(120).status()).isEqualTo(200);
                    devicePort = phone.port();
                }
                List<RegisteredContact> upstream = kamailio.contactsOf("held@" + DOMAIN);
                assertThat(upstream).hasSize(1);
                String token = SipUri.parse(upstream.get(0).uri().replaceAll("^<|>$", "")).user();

                Run on = cli(admin, "trace", "aor", "held@" + DOMAIN, "--seconds", "120");
                assertThat(on.exit()).as(on.out()).isZero();
                assertThat(on.out()).contains("tracing aor sip:held@" + DOMAIN);

                String callId;
                try (SippUas device = SippUas.start("device-answer-uas.xml", devicePort, false)) {
                    CompletableFuture<Sipp.Result> call = CompletableFuture.supplyAsync(() -> {
                        try {
                            return Sipp.run("pbx-call-hold-uac.xml", midreg.sipAddress(), "u1", 1, 1, 120, "-s", token, "-d", "45000");
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    JsonNode listed = calls(admin);
                    while (!(listed.get("count").asInt() == 1 && "confirmed".equals(listed.get("calls").get(0).get("state").asString()))
                            && System.nanoTime() < deadline) {
                        Thread.sleep(50);
                        listed = calls(admin);
                    }
                    assertThat(listed.get("count").asInt()).as(listed.toString()).isEqualTo(1);
                    callId = listed.get("calls").get(0).get("callId").asString();

                    Run list = cli(admin, "calls", "list");
                    assertThat(list.exit()).as(list.out()).isZero();
                    assertThat(list.out()).contains("CALL-ID").contains(callId).contains("to-device").contains("confirmed")
                            .contains("sip:held@" + DOMAIN).contains("1 call");
                    Run byAor = cli(admin, "calls", "list", "--aor", "held@" + DOMAIN, "--limit", "5", "--json");
                    assertThat(byAor.exit()).as(byAor.out()).isZero();
                    JsonNode json = JSON.readTree(byAor.out());
                    assertThat(json.get("count").asInt()).isEqualTo(1);
                    assertThat(json.get("calls").get(0).get("state").asString()).isEqualTo("confirmed");
                    assertThat(JSON.readTree(cli(admin, "calls", "list", "--aor", "nobody@" + DOMAIN, "--json").out()).get("count").asInt())
                            .isZero();
                    Run show = cli(admin, "calls", "show", callId);
                    assertThat(show.exit()).as(show.out()).isZero();
                    assertThat(show.out()).contains("Call-ID   " + callId).contains("to-device  confirmed").contains("sip:held@" + DOMAIN)
                            .contains("127.0.0.1:" + devicePort).containsPattern("answered\\s+20\\d\\d-");

                    Sipp.Result done = call.get(150, TimeUnit.SECONDS);
                    assertThat(done.allCallsSucceeded()).as(done.output()).isTrue();
                    assertThat(device.requests()).extracting(SippUas.Received::method).containsExactly("INVITE", "ACK", "BYE");
                    Run after = cli(admin, "calls", "list");
                    assertThat(after.out()).contains("0 calls").doesNotContain(callId);
                    Run gone = cli(admin, "calls", "show", callId);
                    assertThat(gone.exit()).isEqualTo(ExitCodes.FAILED);
                    assertThat(gone.out()).contains("no call with Call-ID " + callId).contains("HTTP 404");
                }
                assertThat(cli(admin, "trace", "off").out()).contains("trace off");
                String log = midreg.log();
                assertThat(log).as("the PBX's INVITE to the token Contact, traced").contains("INVITE sip:" + token + "@");
                assertThat(log).as("its copy to the device").contains("INVITE sip:held@127.0.0.1:" + devicePort)
                        .contains("out to 127.0.0.1:" + devicePort);
                assertThat(log).contains("SIP/2.0 180 Ringing").contains("SIP/2.0 200 OK").contains("ACK sip:").contains("BYE sip:");
                int traced = log.split("Call-ID: " + java.util.regex.Pattern.quote(callId), -1).length - 1;
                assertThat(traced).as("INVITE, 180, 200, ACK, BYE and its 200, each in and out (midreg's 100 Trying went before the call was known)")
                        .isGreaterThanOrEqualTo(12);
            }
        }
    }
}
