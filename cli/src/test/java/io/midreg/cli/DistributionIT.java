package io.midreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tarball {@code mvn package} builds, unpacked as an operator would: its launcher checks and
 * runs the sample config without Maven, the completion script loads in bash, the systemd unit
 * passes {@code systemd-analyze verify}.
 */
@Timeout(180)
class DistributionIT {
    private static final Path TARGET = Path.of(System.getProperty("user.dir")).resolve("target");

    @TempDir
    static Path unpacked;
    private static Path home;

    @BeforeAll
    static void unpack() throws Exception {
        Path tarball;
        try (Stream<Path> s = Files.list(TARGET)) {
            tarball = s.filter(p -> p.getFileName().toString().matches("midreg-.+-dist\\.tar\\.gz")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no midreg-*-dist.tar.gz in " + TARGET + ": run mvn package"));
        }
        Result r = run(unpacked, Map.of(), "tar", "xzf", tarball.toString());
        assertThat(r.exit()).as(r.output()).isZero();
        try (Stream<Path> s = Files.list(unpacked)) {
            home = s.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        assertThat(home.getFileName().toString()).startsWith("midreg-");
    }

    @Test
    void holdsLauncherLibrariesConfigUnitCompletionAndDocs() {
        assertThat(home.resolve("bin/midreg")).isExecutable();
        assertThat(home.resolve("lib/midreg-cli.jar")).isRegularFile();
        assertThat(home.resolve("config/midreg.yaml")).isRegularFile();
        assertThat(home.resolve("systemd/midreg.service")).isRegularFile();
        assertThat(home.resolve("completion/midreg")).isRegularFile();
        assertThat(home.resolve("README.md")).isRegularFile();
        assertThat(home.resolve("docs/configuration.md")).isRegularFile();
        assertThat(home.resolve("pom.xml")).doesNotExist();
    }

    @Test
    void configCheckRunsFromLibWithoutBuildingAndHonoursJavaOpts() throws Exception {
        Result r = run(home, Map.of("JAVA_OPTS", "-Xmx300m -XX:+PrintCommandLineFlags"), home.resolve("bin/midreg").toString(), "config", "check",
                "config/midreg.yaml");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("config/midreg.yaml: ok").contains("-XX:MaxHeapSize=314572800").doesNotContain("building");
    }

    @Test
    void runsTheSampleConfigAndStopsOnSigterm() throws Exception {
        int port = MidregProcess.freeUdpPort();
        // The sample as shipped, on a free port so as not to collide with anything on 5060.
        String sample = Files.readString(home.resolve("config/midreg.yaml"));
        assertThat(sample).contains("port: 5060");
        Files.writeString(home.resolve("config/test.yaml"), sample.replace("port: 5060", "port: " + port));
        try (MidregProcess midreg = MidregProcess.start(home.resolve("bin/midreg"), home, home.resolve("config/test.yaml"), port)) {
            midreg.signal("TERM");
            assertThat(midreg.awaitExit(60)).as(midreg.log()).isIn(0, 143);
            assertThat(midreg.log()).contains("midreg started").contains("midreg stopping").doesNotContain("building");
        }
        assertThat(home.resolve("data/midreg.store")).isRegularFile();
    }

    @Test
    void completionScriptMatchesTheCommandAndLoadsInBash() throws Exception {
        Result printed = run(home, Map.of(), home.resolve("bin/midreg").toString(), "completion");
        assertThat(printed.exit()).as(printed.output()).isZero();
        assertThat(printed.output()).isEqualTo(Files.readString(home.resolve("completion/midreg")));
        Result bash = run(home, Map.of(), "bash", "-c", "source completion/midreg && complete -p midreg");
        assertThat(bash.exit()).as(bash.output()).isZero();
        assertThat(bash.output()).contains("midreg");
    }

    @Test
    void systemdUnitVerifiesAndReloadsWithSighup() throws Exception {
        String unit = Files.readString(home.resolve("systemd/midreg.service"));
        assertThat(unit).contains("ExecStart=/opt/midreg/bin/midreg run --config /opt/midreg/config/midreg.yaml")
                .contains("ExecReload=/bin/kill -HUP $MAINPID").contains("User=midreg").contains("Restart=on-failure")
                .contains("LimitNOFILE=").contains("SuccessExitStatus=143");
        // Verified where it is unpacked (systemd-analyze checks that ExecStart exists and is executable).
        Path local = home.resolve("systemd/midreg-local.service");
        Files.writeString(local, unit.replace("/opt/midreg", home.toString()));
        Result r = run(home, Map.of(), "systemd-analyze", "verify", "--man=no", local.toString());
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).as("warnings from systemd-analyze").isBlank();
    }

    private record Result(int exit, String output) {
    }

    private static Result run(Path dir, Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, out);
        }
        return new Result(p.exitValue(), out);
    }
}
