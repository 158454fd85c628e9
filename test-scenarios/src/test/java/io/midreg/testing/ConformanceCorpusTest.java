package io.midreg.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConformanceCorpusTest {
    @Test
    void aMissingCorpusFailsNamingThePathItExpected(@TempDir Path dir) throws Exception {
        Path checkout = Files.createDirectory(dir.resolve("checkout"));

        assertThatThrownBy(() -> ConformanceCorpus.rootBeside(checkout))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("conformance corpus not found")
                .hasMessageContaining(dir.resolve("shared/conformance/MANIFEST.tsv").toString());
    }

    @Test
    void theSharedCorpusBesideThisCheckoutIsFoundAndMatchesItsChecksums() throws Exception {
        assertThat(ConformanceCorpus.entries()).hasSizeGreaterThan(40);
        assertThat(ConformanceCorpus.wireFiles()).isNotEmpty().allSatisfy(f -> assertThat(ConformanceCorpus.read(f)).isNotEmpty());
    }
}
