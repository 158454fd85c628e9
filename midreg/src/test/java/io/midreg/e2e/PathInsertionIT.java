package io.midreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.testing.RegisteredContact;

/**
 * contact mode with RFC 3327 Path insertion: the upstream registers the device's own Contact,
 * with midreg (and its signed token) in the Path; refreshes are absorbed just the same.
 */
class PathInsertionIT extends RegistrarEndToEnd {
    @Override
    String mode() {
        return "contact";
    }

    @Override
    String insertion() {
        return "path";
    }

    @Override
    long upstreamRegistersFor20Refreshes() {
        return 0;
    }

    @Override
    void assertUpstreamContact(RegisteredContact c) {
        assertThat(c.uri()).doesNotContain(":" + midregAddress().getPort());
        assertThat(c.path()).as("midreg in the Path the upstream stored")
                .hasValueSatisfying(p -> assertThat(p).contains("@127.0.0.1:" + midregAddress().getPort()).contains(";lr"));
    }
}
