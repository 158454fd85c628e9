package io.midreg.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StoreConfigTest {

    private final Path file = Path.of("x.store");

    @Test
    void defaults() {
        StoreConfig config = StoreConfig.of(file);
        assertThat(config.capacity()).isEqualTo(100_000);
        assertThat(config.expectedRecordBytes()).isEqualTo(280);
        assertThat(config.expectedAorBytes()).isEqualTo(32);
        assertThat(config.maxRecordBytes()).isEqualTo(16_384);
    }

    @Test
    void invalidSettingsNameTheSetting() {
        assertThatThrownBy(() -> StoreConfig.of(file).withCapacity(0)).hasMessageContaining("capacity");
        assertThatThrownBy(() -> StoreConfig.of(file).withExpectedRecordBytes(20_000))
                .hasMessageContaining("expectedRecordBytes");
        assertThatThrownBy(() -> StoreConfig.of(file).withExpectedAorBytes(2)).hasMessageContaining("expectedAorBytes");
        assertThatThrownBy(() -> StoreConfig.of(file).withMaxRecordBytes(2 * 1024 * 1024))
                .hasMessageContaining("maxRecordBytes");
    }
}
