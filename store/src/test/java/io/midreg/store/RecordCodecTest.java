package io.midreg.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordCodecTest {

    private final RecordCodec codec = new RecordCodec();

    @Test
    void realisticRecordRoundTrips() {
        AorRecord record = TestRecords.record(123, TestRecords.NOW);
        assertThat(codec.decode(codec.encode(record))).isEqualTo(record);
    }

    @Test
    void richRecordWithEveryOptionalFieldRoundTrips() {
        AorRecord record = TestRecords.rich();
        assertThat(codec.decode(codec.encode(record))).isEqualTo(record);
    }

    @Test
    void emptyRecordRoundTrips() {
        assertThat(codec.decode(codec.encode(AorRecord.empty()))).isEqualTo(AorRecord.empty());
    }

    @Test
    void singleBindingRecordIsCompact() {
        // The file budget is 400 bytes per single-binding AOR, Chronicle overhead and key included.
        byte[] encoded = codec.encode(TestRecords.record(4_123_456, TestRecords.NOW));
        assertThat(encoded.length).isLessThan(270);
    }

    @Test
    void firstByteIsTheFormatVersion() {
        assertThat(codec.encode(AorRecord.empty())[0]).isEqualTo((byte) RecordCodec.CURRENT_VERSION);
    }

    /**
     * Version 1 bytes frozen when the format shipped: every later release must still decode them.
     * Do not regenerate this when the encoder changes; add a new version instead.
     */
    @Test
    void decodesFrozenVersion1Bytes() {
        AorRecord expected = new AorRecord(
                List.of(new Binding("sip:a@10.0.0.1:5060", "<urn:uuid:00000000-0000-4000-8000-000000000001>", 1,
                        "10.0.0.1", 5060, "udp", null, List.of("<sip:edge;lr>"), "0123456789abcdef", 7,
                        1_795_000_120_000L, 500, "UA/1", 1_795_000_000_000L, 1_795_000_060_000L)),
                new UpstreamState("tokenABC_-123", 1_795_003_600_000L, 1_795_000_000_000L, "c0ffee00", 3,
                        UpstreamStatus.REGISTERED, 200, null, List.of("<sip:sr;lr>"),
                        List.of(new HeaderField("P-Associated-URI", "<sip:a@x>"))));
        byte[] frozen = HexFormat.of().parseHex(FROZEN_V1);
        assertThat(codec.decode(frozen)).isEqualTo(expected);
    }

    static final String FROZEN_V1 = "010199017369703a614031302e302e302e313a353036300c00000000000040008000000000000001014131302e302e302e31c427197564700001693c7369703a656467653b6c723e82010123456789abcdef0781f8b2e5bd68c1a907c1a907f5032155412f31016db6891e9c0042ffed76dc80d30e81bab70342c0ffee000302c8010001593c7369703a73723b6c723e0185013fe02cb287226ad79df94448493c7369703a6140783e";

    @Test
    void unknownVersionIsRejected() {
        byte[] encoded = codec.encode(TestRecords.record(1, TestRecords.NOW));
        encoded[0] = 99;
        assertThatThrownBy(() -> codec.decode(encoded)).hasMessageContaining("unknown record format version 99");
    }

    @Test
    void everyTruncationIsDetected() {
        byte[] encoded = codec.encode(TestRecords.rich());
        for (int len = 0; len < encoded.length; len++) {
            int cut = len;
            assertThatThrownBy(() -> codec.decode(java.util.Arrays.copyOf(encoded, cut)))
                    .as("record cut to %d of %d bytes", cut, encoded.length)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void trailingBytesAreDetected() {
        byte[] encoded = codec.encode(TestRecords.record(1, TestRecords.NOW));
        byte[] longer = java.util.Arrays.copyOf(encoded, encoded.length + 1);
        assertThatThrownBy(() -> codec.decode(longer)).hasMessageContaining("unexpected bytes");
    }

    @Test
    void summaryGivesTheSameDueTimesAsTheDecodedRecord() {
        for (AorRecord record : List.of(TestRecords.rich(), TestRecords.record(5, TestRecords.NOW), AorRecord.empty())) {
            byte[] encoded = codec.encode(record);
            RecordCodec.ExpirySummary summary = new RecordCodec.ExpirySummary();
            codec.summarize(encoded, 0, encoded.length, summary);
            assertThat(summary.earliestBindingExpiry).isEqualTo(record.earliestBindingExpiry());
            assertThat(summary.upstreamExpiry).isEqualTo(record.upstreamExpiry());
        }
    }

    @Test
    void writerIsReusableAcrossRecords() {
        ByteWriter writer = new ByteWriter(8);
        codec.encode(TestRecords.rich(), writer);
        codec.encode(TestRecords.record(9, TestRecords.NOW), writer);
        assertThat(codec.decode(writer.toByteArray())).isEqualTo(TestRecords.record(9, TestRecords.NOW));
    }
}
