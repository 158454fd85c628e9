package io.midreg.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AdminConfigTest {
    private static final String BASE = "upstream:\n  target: 127.0.0.1:5070\n  tokenSecret: test-secret-0123456789\n";

    private static LoadedConfig parse(String admin) throws ConfigException {
        return LoadedConfig.parse("t.yaml", BASE + admin);
    }

    @Test
    void defaultIsLoopback9070WithoutToken() throws Exception {
        AdminSettings a = parse("").admin();
        assertThat(a.listen().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(a.listen().getPort()).isEqualTo(9070);
        assertThat(a.tokenRequired()).isFalse();
    }

    @Test
    void theSampleConfigLoads() throws Exception {
        AdminSettings a = LoadedConfig.load(Path.of("../config/midreg.yaml")).admin();
        assertThat(a.listen().getPort()).isEqualTo(9070);
        assertThat(a.tokenRequired()).isFalse();
    }

    @Test
    void nonLoopbackWithoutTokenNamesAdminTokenAndLine() {
        assertThatThrownBy(() -> parse("admin:\n  listen: 0.0.0.0:9070\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'admin.token' is required when admin.listen is not a loopback address (0.0.0.0)");
        assertThatThrownBy(() -> parse("admin:\n  listen: 0.0.0.0:9070\n  token: \"\"\n"))
                .hasMessageContaining("t.yaml line 6: 'admin.token' is required");
    }

    @Test
    void nonLoopbackWithTokenIsAccepted() throws Exception {
        AdminSettings a = parse("admin:\n  listen: 0.0.0.0:0\n  token: a-long-enough-token-123\n").admin();
        assertThat(a.tokenRequired()).isTrue();
        assertThat(a.toString()).doesNotContain("a-long-enough-token-123");
    }

    @Test
    void anyLoopbackAddressIsLoopback() throws Exception {
        assertThat(parse("admin:\n  listen: 127.0.0.2:0\n").admin().tokenRequired()).isFalse();
        assertThat(parse("admin:\n  listen: \"[::1]:0\"\n").admin().listen().getAddress().isLoopbackAddress()).isTrue();
    }

    @Test
    void badListenNamesKeyAndLine() {
        assertThatThrownBy(() -> parse("admin:\n  listen: localhost\n")).hasMessageContaining("t.yaml line 5: 'admin.listen' must be host:port");
        assertThatThrownBy(() -> parse("admin:\n  listen: 127.0.0.1:70000\n")).hasMessageContaining("'admin.listen' port must be within 0..65535");
        assertThatThrownBy(() -> parse("admin:\n  listen: no.such.host.invalid:9070\n")).hasMessageContaining("'admin.listen' cannot resolve");
    }

    @Test
    void shortTokenAndUnknownKeyAreErrors() {
        assertThatThrownBy(() -> parse("admin:\n  token: short\n")).hasMessageContaining("'admin.token' must be at least 16 characters");
        assertThatThrownBy(() -> parse("admin:\n  tokn: x\n")).hasMessageContaining("unknown key 'admin.tokn'");
    }

    @Test
    void tokenFileIsReadAndExclusiveWithToken() throws Exception {
        Path f = Files.createTempFile("admin", ".token");
        Files.writeString(f, "from-a-file-0123456789\n");
        assertThat(parse("admin:\n  listen: 0.0.0.0:0\n  tokenFile: " + f + "\n").admin().token()).isEqualTo("from-a-file-0123456789");
        assertThatThrownBy(() -> parse("admin:\n  token: a-long-enough-token-123\n  tokenFile: " + f + "\n"))
                .hasMessageContaining("'admin.tokenFile' cannot be used together with admin.token");
        assertThatThrownBy(() -> parse("admin:\n  tokenFile: /nonexistent/midreg.token\n")).hasMessageContaining("'admin.tokenFile' cannot read");
        Files.delete(f);
    }
}
