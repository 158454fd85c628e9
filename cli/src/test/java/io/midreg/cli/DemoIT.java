package io.midreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code midreg demo} through the real launcher, as a newcomer runs it (shortened): midreg with its
 * embedded upstream registrar and 300 simulated devices in one process.
 */
@Timeout(180)
class DemoIT {
    private static final Path HOME = Path.of(System.getProperty("user.dir")).resolve("..").normalize();

    private record Run(int exit, String out) {
    }

    private static Run midreg(String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = HOME.resolve("bin/midreg").toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).directory(HOME.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(150, TimeUnit.SECONDS)).as(out).isTrue();
        return new Run(p.exitValue(), out);
    }

    @Test
    void theDemoReportsAReductionRatioAboveTen() throws Exception {
        Run r = midreg("demo", "--duration", "20", "--no-view", "--json");
        assertThat(r.exit()).as(r.out()).isZero();
        String json = r.out().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse("");
        JsonNode s = JsonMapper.shared().readTree(json);
        assertThat(s.path("devices").longValue()).isEqualTo(300);
        assertThat(s.path("devicesRegistered").longValue()).as(json).isEqualTo(300);
        assertThat(s.path("upstreamRegisters").longValue()).as(json).isPositive();
        assertThat(s.path("reductionRatio").doubleValue()).as(json).isGreaterThan(10.0);
        assertThat(s.path("absorbed").longValue() + s.path("forwarded").longValue()).as(json).isEqualTo(s.path("midregReceived").longValue());
        assertThat(s.path("bindings").longValue()).as(json).isEqualTo(300);
        assertThat(s.path("upstreamBindings").longValue()).as(json).isEqualTo(300);
    }

    @Test
    void withoutATerminalTheViewIsOneLinePerSecondThenTheSummary() throws Exception {
        Run r = midreg("demo", "--duration", "5", "--devices", "20");
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out().lines().filter(l -> l.startsWith("up=") && l.contains("received/s=") && l.contains("devices-registered="))
                .count()).as(r.out()).isBetween(4L, 6L);
        assertThat(r.out()).contains("reduction ratio").contains("reached the upstream registrar").doesNotContain("\033[");
    }

    @Test
    void sigtermEndsItEarlyWithTheSummaryAndDeletesTheStore() throws Exception {
        // The demo's own temporary directory, so another test run on the machine cannot add to what is checked.
        Path tmp = java.nio.file.Files.createTempDirectory("demo-tmp");
        Path out = java.nio.file.Files.createTempFile("demo", ".out");
        ProcessBuilder demo = new ProcessBuilder(HOME.resolve("bin/midreg").toString(), "demo", "--duration", "120", "--devices", "20")
                .directory(HOME.toFile()).redirectErrorStream(true).redirectOutput(out.toFile());
        demo.environment().merge("JAVA_OPTS", "-Djava.io.tmpdir=" + tmp, (a, b) -> a + " " + b);
        Process p = demo.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < deadline && p.isAlive() && !java.nio.file.Files.readString(out).contains("devices-registered=20/20")) {
                Thread.sleep(200);
            }
            assertThat(java.nio.file.Files.readString(out)).contains("devices-registered=20/20");
            assertThat(demoDirectories(tmp)).as("the running demo keeps its store in its temporary directory").hasSize(1);
            p.toHandle().destroy(); // SIGTERM, as Ctrl-C's SIGINT takes the same path
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String text = java.nio.file.Files.readString(out);
            assertThat(text).contains("midreg demo: ").contains("20 simulated devices, 20 registered at the end").contains("reduction ratio");
            assertThat(demoDirectories(tmp)).as("the temporary store is deleted").isEmpty();
        } finally {
            if (p.isAlive()) p.destroyForcibly();
            java.nio.file.Files.deleteIfExists(out);
            try (var files = java.nio.file.Files.walk(tmp)) { // whatever else the JVM left there
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static java.util.Set<Path> demoDirectories(Path tmp) throws java.io.IOException {
        try (var s = java.nio.file.Files.list(tmp)) {
            return s.filter(d -> d.getFileName().toString().startsWith("midreg-demo")).collect(java.util.stream.Collectors.toSet());
        }
    }

    @Test
    void badArgumentsAreAUsageError() throws Exception {
        Run r = midreg("demo", "--devices", "0");
        assertThat(r.exit()).as(r.out()).isEqualTo(2);
        assertThat(r.out()).contains("--devices must be within 1..");
    }
}
