package io.midreg.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BearerTokenTest {
    private final BearerToken token = new BearerToken("s3cret-token-0123456789");

    @Test
    void withoutAConfiguredTokenEveryRequestPasses() {
        BearerToken open = new BearerToken(null);
        assertThat(open.required()).isFalse();
        assertThat(open.admits(null)).isTrue();
        assertThat(open.admits("Bearer anything")).isTrue();
    }

    @Test
    void theRightTokenPasses() {
        assertThat(token.required()).isTrue();
        assertThat(token.admits("Bearer s3cret-token-0123456789")).isTrue();
        assertThat(token.admits("bearer s3cret-token-0123456789")).as("the scheme is case-insensitive").isTrue();
    }

    @Test
    void missingWrongOrMalformedIsRefused() {
        assertThat(token.admits(null)).isFalse();
        assertThat(token.admits("")).isFalse();
        assertThat(token.admits("Bearer")).isFalse();
        assertThat(token.admits("Bearer ")).isFalse();
        assertThat(token.admits("Bearer s3cret-token-012345678")).as("a prefix of the token").isFalse();
        assertThat(token.admits("Bearer s3cret-token-01234567890")).as("the token and more").isFalse();
        assertThat(token.admits("Basic s3cret-token-0123456789")).isFalse();
        assertThat(token.admits("s3cret-token-0123456789")).isFalse();
    }
}
