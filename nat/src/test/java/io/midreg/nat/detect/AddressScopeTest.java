package io.midreg.nat.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AddressScopeTest {

    private static AddressScope of(String literal) throws Exception {
        return AddressScope.of(InetAddress.getByName(literal));
    }

    @Test
    void eachRangeHasItsScope() throws Exception {
        assertThat(of("10.0.0.0")).isEqualTo(AddressScope.PRIVATE);
        assertThat(of("10.255.255.255")).isEqualTo(AddressScope.PRIVATE);
        assertThat(of("172.16.0.0")).isEqualTo(AddressScope.PRIVATE);
        assertThat(of("192.168.255.255")).isEqualTo(AddressScope.PRIVATE);
        assertThat(of("100.64.0.0")).isEqualTo(AddressScope.SHARED);
        assertThat(of("100.127.255.255")).isEqualTo(AddressScope.SHARED);
        assertThat(of("169.254.0.1")).isEqualTo(AddressScope.LINK_LOCAL);
        assertThat(of("fe80::1")).isEqualTo(AddressScope.LINK_LOCAL);
        assertThat(of("febf::1")).isEqualTo(AddressScope.LINK_LOCAL);
        assertThat(of("fc00::")).isEqualTo(AddressScope.UNIQUE_LOCAL);
        assertThat(of("fdff:ffff::1")).isEqualTo(AddressScope.UNIQUE_LOCAL);
        assertThat(of("127.0.0.1")).isEqualTo(AddressScope.LOOPBACK);
        assertThat(of("::1")).isEqualTo(AddressScope.LOOPBACK);
        assertThat(of("::ffff:192.168.1.1")).isEqualTo(AddressScope.PRIVATE); // IPv4-mapped: judged as the IPv4 address
        assertThat(of("8.8.8.8")).isEqualTo(AddressScope.PUBLIC);
        assertThat(of("2001:db8::1")).isEqualTo(AddressScope.PUBLIC);
    }

    @Test
    void onlyTheLocalScopesImplyANat() {
        assertThat(AddressScope.PUBLIC.impliesNat()).isFalse();
        assertThat(AddressScope.LOOPBACK.impliesNat()).isFalse();
        assertThat(AddressScope.PRIVATE.impliesNat()).isTrue();
        assertThat(AddressScope.SHARED.impliesNat()).isTrue();
        assertThat(AddressScope.LINK_LOCAL.impliesNat()).isTrue();
        assertThat(AddressScope.UNIQUE_LOCAL.impliesNat()).isTrue();
    }
}
