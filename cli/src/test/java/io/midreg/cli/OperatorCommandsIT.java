package io.midreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.midreg.config.LoadedConfig;
import io.midreg.registrar.RegistrarStats;
import io.midreg.server.MidregServer;
import io.midreg.sip.transport.BoundListener;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.testing.FreeLoopbackPort;
import io.midreg.testing.KamailioOptions;
import io.midreg.testing.KamailioRegistrar;
import io.midreg.testing.TestDevice;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operator commands against a running midreg (contact mode) in front of a real Kamailio, over
 * the real admin API on loopback: devices register (Java phones on UDP), then {@code bindings
 * list/show/remove}, {@code upstream}, {@code stats}, {@code trace} and {@code store inspect} run
 * as an operator types them, and their {@code --json} output is parsed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class OperatorCommandsIT {
    private static final String DOMAIN = KamailioOptions.DEFAULT_REALM;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private KamailioRegistrar kamailio;
    private MidregServer midreg;
    private Path storeFile;
    private String adminUrl;
    private final List<TestDevice> devices = new ArrayList<>();
    private TestDevice alice1;
    private TestDevice alice2;
    private TestDevice bob;
    private TestDevice carol;

    /** What one command run printed and returned. */
    record Run(int exit, String out, String err) {
        JsonNode json() {
            return JSON.readTree(out);
        }
    }

    @BeforeAll
    void start() throws Exception {
        kamailio = KamailioRegistrar.start(KamailioOptions.withoutAuth());
        Path dir = Files.createTempDirectory("midreg-cli-it");
        storeFile = dir.resolve("midreg.store");
        String yaml = io.midreg.testing.TestConfig.loopback(kamailio.address().getPort(), storeFile).yaml();
        midreg = new MidregServer(LoadedConfig.parse("cli-it.yaml", yaml));
        midreg.start();
        adminUrl = midreg.admin().url();
        alice1 = device("alice");
        alice2 = device("alice");
        bob = device("bob");
        carol = device("carol");
        for (TestDevice d : devices) assertThat(d.register(60).status()).isEqualTo(200);
        assertThat(alice1.register(60).status()).as("a refresh, absorbed").isEqualTo(200);
    }

    @AfterAll
    void stop() {
        devices.forEach(TestDevice::close);
        if (midreg != null) midreg.close();
        if (kamailio != null) kamailio.close();
    }

    private TestDevice device(String user) throws Exception {
        InetSocketAddress sip = midreg.listeners().stream().filter(l -> l.config().protocol() == TransportProtocol.UDP)
                .map(BoundListener::address).findFirst().orElseThrow();
        TestDevice d = new TestDevice(sip, user, DOMAIN, "pw");
        devices.add(d);
        return d;
    }

    private Run midreg(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new MidregCommand()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
        // the transcript lands in target/failsafe-reports/*-output.txt
        System.out.println("$ midreg " + String.join(" ", args) + "   # exit " + code + "\n" + out + err);
        return new Run(code, out.toString(), err.toString());
    }

    private Run admin(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--admin";
        all[args.length + 1] = adminUrl;
        return midreg(all);
    }

    @Test
    @Order(1)
    void bindingsListJsonHasEveryAorWithFlowsExpiriesAndUpstreamState() {
        Run r = admin("bindings", "list", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("count").asLong()).isEqualTo(3);
        assertThat(j.get("truncated").asBoolean()).isFalse();
        JsonNode alice = j.get("aors").get(0);
        assertThat(alice.get("aor").asString()).isEqualTo("sip:alice@" + DOMAIN);
        assertThat(alice.get("bindings")).hasSize(2);
        List<String> received = new ArrayList<>();
        for (JsonNode b : alice.get("bindings")) {
            received.add(b.get("flow").get("received").asString());
            assertThat(b.get("flow").get("transport").asString()).isEqualTo("udp");
            assertThat(b.get("expiresIn").asLong()).isBetween(50L, 60L);
            assertThat(b.get("userAgent").asString()).isEqualTo("midreg-test-device");
            assertThat(b.get("upstream").get("status").asString()).isEqualTo("registered");
            assertThat(b.get("upstream").get("expiresIn").asLong()).isGreaterThan(3000);
        }
        assertThat(received).containsExactlyInAnyOrder("127.0.0.1:" + alice1.port(), "127.0.0.1:" + alice2.port());
        assertThat(j.get("aors").get(1).get("aor").asString()).isEqualTo("sip:bob@" + DOMAIN);

        Run prefixed = admin("bindings", "list", "--aor", "car", "--json");
        assertThat(prefixed.json().get("count").asLong()).isEqualTo(1);
        Run limited = admin("bindings", "list", "--limit", "1", "--json");
        assertThat(limited.json().get("aors")).hasSize(1);
        assertThat(limited.json().get("truncated").asBoolean()).isTrue();
    }

    @Test
    @Order(2)
    void bindingsListForHumansIsAnAlignedTable() {
        Run r = admin("bindings", "list");
        assertThat(r.exit()).isZero();
        String[] lines = r.out().split("\n");
        assertThat(lines[0]).startsWith("AOR").contains("CONTACT").contains("EXPIRES").contains("UPSTREAM");
        int contactColumn = lines[0].indexOf("CONTACT");
        String aliceRow = lines[1];
        assertThat(aliceRow).startsWith("sip:alice@" + DOMAIN);
        assertThat(aliceRow.substring(contactColumn)).startsWith("sip:alice@127.0.0.1:");
        assertThat(aliceRow).contains("registered");
        assertThat(lines).hasSize(1 + 4 + 1);
        assertThat(lines[5]).isEqualTo("3 AORs");
    }

    @Test
    @Order(3)
    void bindingsShowGivesEachBindingsCallIdCseqAndUserAgent() {
        Run r = admin("bindings", "show", "alice@" + DOMAIN, "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("aor").asString()).isEqualTo("sip:alice@" + DOMAIN);
        JsonNode first = null;
        for (JsonNode b : j.get("bindings")) if (b.get("callId").asString().equals(alice1.callId())) first = b;
        assertThat(first).as("alice1's binding").isNotNull();
        assertThat(first.get("cseq").asLong()).as("the absorbed refresh's CSeq").isEqualTo(alice1.cseq() - 1);
        assertThat(first.get("contact").asString()).isEqualTo(alice1.contact());
        Run human = admin("bindings", "show", "sip:alice@" + DOMAIN);
        assertThat(human.out()).contains("AOR       sip:alice@" + DOMAIN).contains("bindings  2").contains("user agent  midreg-test-device")
                .contains("udp from 127.0.0.1:" + alice1.port());
        Run missing = admin("bindings", "show", "nobody@" + DOMAIN);
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("midreg: no bindings for sip:nobody@" + DOMAIN + " (HTTP 404)");
    }

    @Test
    @Order(4)
    void topPrintsALineAnIntervalFromTheRunningInstance() {
        Run r = admin("top", "--count", "2", "--interval", "0.2");
        assertThat(r.exit()).as(r.err()).isZero();
        java.util.List<String> lines = r.out().lines().toList();
        assertThat(lines).as(r.out()).hasSize(2); // no console here: one line per interval, not a redrawn screen
        assertThat(lines.get(1)).contains("aors=3").contains("bindings=4");
        assertThat(admin("top", "--interval", "0.1").exit()).isEqualTo(ExitCodes.CONFIG);
    }

    @Test
    @Order(4)
    void statsJsonCarriesTheRegistrarCounters() {
        Run r = admin("stats", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = r.json();
        RegistrarStats.Snapshot s = midreg.registrar().stats().snapshot();
        JsonNode reg = j.get("registrar");
        assertThat(reg.get("received").asLong()).isEqualTo(5).isEqualTo(s.received());
        assertThat(reg.get("absorbed").asLong()).isEqualTo(1);
        assertThat(reg.get("forwarded").asLong()).isEqualTo(4);
        assertThat(reg.get("upstream2xx").asLong()).isEqualTo(4);
        assertThat(reg.get("forwardReasons").get("new_aor").asLong()).isEqualTo(3);
        assertThat(reg.get("forwardReasons").get("new_binding").asLong()).isEqualTo(1);
        assertThat(j.get("active").get("aors").asLong()).isEqualTo(3);
        assertThat(j.get("active").get("bindings").asLong()).isEqualTo(4);
        assertThat(j.get("store").get("aors").asLong()).isEqualTo(3);
        Run human = admin("stats");
        assertThat(human.out()).startsWith("uptime").contains("REGISTERs received").contains("reduction ratio").containsPattern("absorbed\\s+1");
    }

    @Test
    @Order(5)
    void upstreamListShowsEachBindingsUpstreamRegistration() {
        Run r = admin("upstream", "list", "--json");
        assertThat(r.exit()).isZero();
        JsonNode bobRow = r.json().get("aors").get(1);
        assertThat(bobRow.get("aor").asString()).isEqualTo("sip:bob@" + DOMAIN);
        assertThat(bobRow.get("bindings").get(0).get("upstream").get("status").asString()).isEqualTo("registered");
        assertThat(admin("upstream", "list").out()).contains("STATUS").contains("registered");
    }

    @Test
    @Order(6)
    void traceLogsOnlyTheTracedAorsMessages() throws Exception {
        Logger traceLog = (Logger) LoggerFactory.getLogger("midreg.trace");
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        traceLog.addAppender(captured);
        try {
            Run on = admin("trace", "aor", "carol@" + DOMAIN);
            assertThat(on.exit()).as(on.err()).isZero();
            assertThat(on.out()).contains("tracing aor sip:carol@" + DOMAIN);
            assertThat(admin("trace", "status").out()).contains("tracing aor sip:carol@" + DOMAIN);
            assertThat(carol.register(60).status()).isEqualTo(200);
            assertThat(alice2.register(60).status()).isEqualTo(200);
            assertThat(carol.register(0).status()).as("a removal, forwarded upstream").isEqualTo(200);
            assertThat(admin("trace", "off").out()).contains("trace off");
            List<String> messages = new ArrayList<>();
            for (ILoggingEvent e : captured.list) {
                if (e.getFormattedMessage().startsWith("in from") || e.getFormattedMessage().startsWith("out to")) messages.add(e.getFormattedMessage());
            }
            // carol's refresh in + 200 out; her removal in, relayed out, upstream 200 in, 200 out
            assertThat(messages).hasSize(6);
            assertThat(messages).allSatisfy(m -> assertThat(m).contains("To: <sip:carol@" + DOMAIN + ">").doesNotContain("alice"));
            assertThat(messages.stream().filter(m -> m.startsWith("in from 127.0.0.1:" + kamailio.address().getPort()))).hasSize(1);
            assertThat(captured.list).allSatisfy(e -> assertThat(e.getLevel().toString()).isEqualTo("INFO"));
            int before = captured.list.size();
            assertThat(carol.register(60).status()).isEqualTo(200);
            assertThat(captured.list).as("nothing is traced once the trace is off").hasSize(before);
        } finally {
            traceLog.detachAppender(captured);
        }
        assertThat(admin("trace", "status").out()).contains("no trace active");
    }

    @Test
    @Order(7)
    void traceBySourceFollowsTheDeviceAndItsRelayedRegister() throws Exception {
        Logger traceLog = (Logger) LoggerFactory.getLogger("midreg.trace");
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        traceLog.addAppender(captured);
        try {
            assertThat(admin("upstream", "refresh", "alice@" + DOMAIN).exit()).isZero();
            Run on = admin("trace", "source", "127.0.0.1:" + alice2.port(), "--seconds", "60");
            assertThat(on.out()).as(on.err()).containsPattern("tracing source 127\\.0\\.0\\.1:" + alice2.port() + " for (59|60)s more");
            assertThat(bob.register(60).status()).isEqualTo(200);
            assertThat(alice2.register(60).status()).as("forwarded: the operator asked for a refresh upstream").isEqualTo(200);
            admin("trace", "off");
            List<String> messages = new ArrayList<>();
            for (ILoggingEvent e : captured.list) {
                if (e.getFormattedMessage().startsWith("in from") || e.getFormattedMessage().startsWith("out to")) messages.add(e.getFormattedMessage());
            }
            // device in, relayed out to Kamailio, Kamailio's 200 in, 200 out to the device
            assertThat(messages).hasSize(4).allSatisfy(m -> assertThat(m).contains("Call-ID: " + alice2.callId()));
            assertThat(messages.get(0)).startsWith("in from 127.0.0.1:" + alice2.port());
            assertThat(messages.get(1)).startsWith("out to 127.0.0.1:" + kamailio.address().getPort());
            assertThat(messages.get(2)).startsWith("in from 127.0.0.1:" + kamailio.address().getPort());
            assertThat(messages.get(3)).startsWith("out to 127.0.0.1:" + alice2.port());
        } finally {
            traceLog.detachAppender(captured);
        }
    }

    @Test
    @Order(7)
    void aMalformedRequestIsTracedWithItsAnswerAndCountedInStats() throws Exception {
        TestDevice dave = device("dave");
        Logger traceLog = (Logger) LoggerFactory.getLogger("midreg.trace");
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        traceLog.addAppender(captured);
        try {
            assertThat(admin("trace", "source", "127.0.0.1:" + dave.port(), "--seconds", "60").exit()).isZero();
            io.midreg.testing.ReceivedMessage r = dave.send("REGISTER sip:" + DOMAIN + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + dave.port() + ";branch=z9hG4bKdave1;rport\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <sip:dave@" + DOMAIN + ">;tag=d1\r\n"
                    + "To: <sip:dave@" + DOMAIN + ">\r\n"
                    + "Call-ID: dave-malformed@cli-it\r\n"
                    + "CSeq: 1 REGISTER\r\n"
                    + "Expires 60\r\n"
                    + "Content-Length: 0\r\n\r\n");
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.reason()).isEqualTo("Malformed header line \"Expires 60\" (no ':')");
            admin("trace", "off");
            List<String> messages = new ArrayList<>();
            for (ILoggingEvent e : captured.list) {
                if (e.getFormattedMessage().startsWith("in ") || e.getFormattedMessage().startsWith("out to")) messages.add(e.getFormattedMessage());
            }
            assertThat(messages).hasSize(2);
            assertThat(messages.get(0)).startsWith("in (malformed: Malformed header line \"Expires 60\" (no ':')) from 127.0.0.1:" + dave.port())
                    .contains("Call-ID: dave-malformed@cli-it");
            assertThat(messages.get(1)).startsWith("out to 127.0.0.1:" + dave.port()).contains("SIP/2.0 400 Malformed header line");
        } finally {
            traceLog.detachAppender(captured);
        }
        Run stats = admin("stats");
        assertThat(stats.exit()).as(stats.err()).isZero();
        assertThat(stats.out()).containsPattern("malformed answered for +header-line [1-9]");
    }

    @Test
    @Order(8)
    void bindingsRemoveDeletesTheAorAndDeregistersItUpstream() throws Exception {
        assertThat(kamailio.contactsOf("bob@" + DOMAIN)).hasSize(1);
        long upstreamBefore = kamailio.registerRequestsReceived();
        Run r = admin("bindings", "remove", "bob@" + DOMAIN, "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("removed").asBoolean()).isTrue();
        assertThat(j.get("upstream").asString()).isEqualTo("deregistered");
        assertThat(j.get("upstreamStatus").asInt()).isEqualTo(200);
        assertThat(kamailio.registerRequestsReceived()).as("Kamailio saw the de-registration").isEqualTo(upstreamBefore + 1);
        assertThat(kamailio.contactsOf("bob@" + DOMAIN)).as("the upstream binding is gone").isEmpty();
        assertThat(midreg.store().get("sip:bob@" + DOMAIN)).isEmpty();
        assertThat(admin("bindings", "show", "bob@" + DOMAIN).exit()).isEqualTo(1);
        Run again = admin("bindings", "remove", "bob@" + DOMAIN);
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("no bindings for sip:bob@" + DOMAIN);
        Run human = admin("bindings", "remove", "carol@" + DOMAIN);
        assertThat(human.exit()).as(human.err()).isZero();
        assertThat(human.out()).isEqualTo("removed sip:carol@" + DOMAIN + " (1 binding); upstream: deregistered\n");
    }

    @Test
    @Order(9)
    void upstreamDeregisterKeepsLocalBindingsAndTheNextRefreshGoesUpstream() throws Exception {
        Run r = admin("upstream", "deregister", "alice@" + DOMAIN);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("upstream deregistered; local bindings kept");
        assertThat(kamailio.contactsOf("alice@" + DOMAIN)).isEmpty();
        assertThat(midreg.store().get("sip:alice@" + DOMAIN).orElseThrow().bindings()).hasSize(2);
        long upstreamBefore = kamailio.registerRequestsReceived();
        assertThat(alice1.register(60).status()).isEqualTo(200);
        assertThat(kamailio.registerRequestsReceived()).isEqualTo(upstreamBefore + 1);
        assertThat(kamailio.contactsOf("alice@" + DOMAIN)).hasSize(1);
        assertThat(admin("upstream", "refresh", "alice@" + DOMAIN).out()).contains("the next REGISTER of each device goes upstream");
        assertThat(admin("upstream", "refresh", "nobody@" + DOMAIN).exit()).isEqualTo(1);
    }

    @Test
    @Order(10)
    void storeInspectReadsTheLiveFileDirectly() {
        Run r = midreg("store", "inspect", storeFile.toString(), "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("count").asLong()).as("alice only, after the removals").isEqualTo(1);
        assertThat(j.get("aors").get(0).get("bindings")).hasSize(2);
        Run human = midreg("store", "inspect", storeFile.toString(), "--aor", "alice");
        assertThat(human.out()).contains("sip:alice@" + DOMAIN).contains("1 AOR in " + storeFile);
        Run missing = midreg("store", "inspect", storeFile.resolveSibling("none.store").toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).startsWith("midreg: cannot read the store");
    }

    @Test
    void unreachableAdminApiExits4WithAHint() throws Exception {
        int port = FreeLoopbackPort.pick();
        Run r = midreg("stats", "--admin", "http://127.0.0.1:" + port);
        assertThat(r.exit()).isEqualTo(4);
        assertThat(r.err()).startsWith("midreg: cannot reach the admin API at http://127.0.0.1:" + port + " (is midreg running?")
                .contains("connection refused");
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] cmd : new String[][] {{"bindings"}, {"bindings", "list"}, {"bindings", "show"}, {"bindings", "remove"}, {"upstream"},
                {"upstream", "list"}, {"upstream", "refresh"}, {"upstream", "deregister"}, {"stats"}, {"reload"}, {"trace"}, {"trace", "aor"},
                {"trace", "source"}, {"trace", "off"}, {"trace", "status"}, {"store"}, {"store", "inspect"}}) {
            String[] args = java.util.Arrays.copyOf(cmd, cmd.length + 1);
            args[cmd.length] = "--help";
            Run r = midreg(args);
            assertThat(r.exit()).as(String.join(" ", cmd)).isZero();
            assertThat(r.out()).as(String.join(" ", cmd)).startsWith("Usage: midreg " + String.join(" ", cmd));
        }
    }

    @Test
    void aTokenProtectedApiNeedsTheToken() throws Exception {
        String token = "cli-it-token-0123456789";
        io.midreg.admin.AdminServer guarded = new io.midreg.admin.AdminServer(
                new io.midreg.config.AdminSettings(new InetSocketAddress(java.net.InetAddress.getByName("127.0.0.2"), 0), token),
                new io.midreg.admin.AdminBackend(midreg.registrar(), midreg.stack(), midreg.store(), System::currentTimeMillis, System.nanoTime(),
                        midreg::reload));
        guarded.start();
        try {
            String url = guarded.url();
            assertThat(url).startsWith("http://127.0.0.2:");
            Run without = midreg("stats", "--admin", url);
            assertThat(without.exit()).isEqualTo(2);
            assertThat(without.err()).contains("missing or wrong bearer token; send Authorization: Bearer <admin.token> (HTTP 401)").contains("--token");
            assertThat(midreg("stats", "--admin", url, "--token", "wrong-token-0123456789").exit()).isEqualTo(2);
            Run with = midreg("stats", "--json", "--admin", url, "--token", token);
            assertThat(with.exit()).as(with.err()).isZero();
            assertThat(with.json().get("registrar").get("received").asLong()).isPositive();
        } finally {
            guarded.close();
        }
    }

    @Test
    void reloadAppliesALiveChangeAndReportsABadFile() throws Exception {
        Path dir = Files.createTempDirectory("midreg-reload");
        Path file = dir.resolve("midreg.yaml");
        String yaml = """
                sip:
                  listeners:
                    - transport: udp
                      host: 127.0.0.1
                      port: 0
                upstream:
                  target: 127.0.0.1:9
                  refreshMargin: %s
                  tokenSecret: reload-cli-secret-0123456789
                admin:
                  listen: 127.0.0.1:0
                store:
                  file: %s
                  capacity: 10
                """;
        Files.writeString(file, yaml.formatted("0.1", dir.resolve("s.store")));
        try (MidregServer other = new MidregServer(LoadedConfig.load(file))) {
            other.start();
            String url = other.admin().url();
            Files.writeString(file, yaml.formatted("0.2", dir.resolve("s.store")));
            Run ok = midreg("reload", "--admin", url);
            assertThat(ok.exit()).as(ok.err()).isZero();
            assertThat(ok.out()).isEqualTo("reloaded; applied: upstream.refreshMargin; need a restart (not applied): none\n");
            assertThat(other.registrar().settings().refreshMargin()).isEqualTo(0.2);
            Files.writeString(file, yaml.formatted("0.9", dir.resolve("s.store")));
            Run bad = midreg("reload", "--admin", url);
            assertThat(bad.exit()).isEqualTo(1);
            assertThat(bad.err()).contains("midreg.yaml line 8: ").contains("'upstream.refreshMargin' must be within 0..0.5, not 0.9").contains("(HTTP 409)");
            assertThat(other.registrar().settings().refreshMargin()).as("nothing changed").isEqualTo(0.2);
        }
    }

    @Test
    void reloadReportsWhatTheServerSaid() {
        Run r = admin("reload", "--json");
        assertThat(r.exit()).isIn(0, 1);
        assertThat(r.json().has("ok")).isTrue();
    }

    @Test
    void configGivesTheAdminAddressAndABadOneExits2() throws Exception {
        Path cfg = Files.createTempFile("midreg", ".yaml");
        Files.writeString(cfg, "upstream:\n  target: 127.0.0.1:9\n  tokenSecret: x-secret-0123456789\nadmin:\n  listen: 127.0.0.1:"
                + midreg.admin().address().getPort() + "\n");
        Run r = midreg("stats", "--json", "-c", cfg.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        Files.writeString(cfg, "admin:\n  listen: 0.0.0.0:9070\n");
        Run bad = midreg("stats", "-c", cfg.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("'admin.token' is required");
        Files.delete(cfg);
    }
}
