package io.midreg.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.midreg.testing.TestConfig;
import io.midreg.upstream.targets.Candidate;
import io.midreg.upstream.targets.HostPort;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** upstream.targets, domain, dns.server and advertise: values, the single target unchanged, errors naming key and line. */
class UpstreamTargetsConfigTest {
    private static TestConfig base() {
        return TestConfig.loopback(5070, Path.of("unused.store"));
    }

    private static TestConfig several() {
        return base().withoutUpstreamTarget();
    }

    @Test
    void theSingleTargetIsAsBefore() throws Exception {
        UpstreamSettings u = LoadedConfig.parse("t.yaml", base().yaml()).upstream();
        assertThat(u.severalTargets()).isFalse();
        assertThat(u.address()).isEqualTo(new InetSocketAddress("127.0.0.1", 5070));
        assertThat(u.targets()).isEmpty();
        assertThat(u.advertise()).isNull();
    }

    @Test
    void aListOfTargetsWithPriorityAndWeight() throws Exception {
        String yaml = several().upstream("targets", "[\"127.0.0.1:5070;priority=1;weight=3\", \"127.0.0.2:5071;priority=2\", \"127.0.0.3\"]").yaml();
        UpstreamSettings u = LoadedConfig.parse("t.yaml", yaml).upstream();
        assertThat(u.severalTargets()).isTrue();
        assertThat(u.targets()).containsExactly(
                new Candidate("127.0.0.1:5070", new InetSocketAddress("127.0.0.1", 5070), 1, 3),
                new Candidate("127.0.0.2:5071", new InetSocketAddress("127.0.0.2", 5071), 2, 1),
                new Candidate("127.0.0.3:5060", new InetSocketAddress("127.0.0.3", 5060), 1, 1));
        assertThat(u.address()).as("the first, for messages").isEqualTo(new InetSocketAddress("127.0.0.1", 5070));
    }

    @Test
    void aDomainWithItsDnsServerAndAnAdvertisedAddress() throws Exception {
        String yaml = several().upstream("domain", "sip.example.com").upstream("dns", "{server: \"127.0.0.1:5353\"}")
                .upstream("advertise", "203.0.113.7:5060").yaml();
        UpstreamSettings u = LoadedConfig.parse("t.yaml", yaml).upstream();
        assertThat(u.severalTargets()).isTrue();
        assertThat(u.domain()).isEqualTo("sip.example.com");
        assertThat(u.dnsServer()).isEqualTo(new InetSocketAddress("127.0.0.1", 5353));
        assertThat(u.advertise()).isEqualTo(new HostPort("203.0.113.7", 5060));
        assertThat(u.address()).isNull();
    }

    @Test
    void advertiseAlsoAppliesToTheSingleTarget() throws Exception {
        assertThat(LoadedConfig.parse("t.yaml", base().upstream("advertise", "\"[2001:db8::1]:5080\"").yaml()).upstream().advertise().toString())
                .isEqualTo("[2001:db8::1]:5080");
    }

    @Test
    void badTargetsNameTheItemAndItsLine() {
        String yaml = several().upstream("targets", "\n    - 127.0.0.1:5070\n    - 127.0.0.1:70000\n    - 127.0.0.1:5071;prio=2\n    - 127.0.0.1:5070").yaml();
        assertThatThrownBy(() -> LoadedConfig.parse("t.yaml", yaml)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'upstream.targets[1]' port must be within 1..65535")
                .hasMessageContaining("'upstream.targets[2]' unknown parameter 'prio=2'")
                .hasMessageContaining("'upstream.targets[3]' lists 127.0.0.1:5070 a second time")
                .hasMessageMatching("(?s).*line 13: 'upstream.targets\\[1\\]'.*");
    }

    @Test
    void targetAndTargetsTogetherIsAnError() {
        assertThatThrownBy(() -> LoadedConfig.parse("t.yaml", base().upstream("targets", "[\"127.0.0.1:5071\"]").yaml()))
                .hasMessageContaining("'upstream.targets' cannot be given with upstream.target");
    }

    @Test
    void noneOfTargetTargetsOrDomainIsAnError() {
        assertThatThrownBy(() -> LoadedConfig.parse("t.yaml", several().yaml()))
                .hasMessageContaining("'upstream.target' is required").hasMessageContaining("upstream.domain");
    }

    @Test
    void badDomainDnsServerAndAdvertiseNameTheirKeys() {
        String yaml = several().upstream("domain", "not a domain").upstream("dns", "{server: \"127.0.0.1:x\"}").upstream("advertise", "203.0.113.7").yaml();
        assertThatThrownBy(() -> LoadedConfig.parse("t.yaml", yaml))
                .hasMessageContaining("'upstream.domain' must be a DNS name")
                .hasMessageContaining("'upstream.dns.server' must be host:port with a numeric port")
                .hasMessageContaining("'upstream.advertise' needs a port");
    }

    @Test
    void aDnsServerWithoutADomainServesTheProxysNextHops() throws Exception {
        // the proxy locates next hops named by DNS names (a Service-Route's, a PBX's Contact) through it too
        assertThat(LoadedConfig.parse("t.yaml", base().upstream("dns", "{server: \"127.0.0.1:5353\"}").yaml()).upstream().dnsServer())
                .isEqualTo(new java.net.InetSocketAddress("127.0.0.1", 5353));
    }
}
