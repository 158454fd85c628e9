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
    void aRecordedTargetKeepsASingleBindingRecordNearTheSizingAverage() {
        // StoreConfig sizes the file for 280-byte records on average; a target name adds its length.
        AorRecord r = TestRecords.record(4_123_456, TestRecords.NOW);
        AorRecord held = new AorRecord(r.bindings(), r.upstream().withTarget("10.200.200.200:5060"));
        int extra = codec.encode(held).length - codec.encode(r).length;
        assertThat(extra).isLessThanOrEqualTo(1 + "10.200.200.200:5060".length());
        assertThat(codec.encode(held).length).isLessThan(290);
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

    /**
     * Version 2 bytes (bindings with their own upstream state, no target), frozen from the
     * release that wrote them: they decode with an empty target. Do not regenerate.
     */
    @Test
    void decodesFrozenVersion2BytesWithAnEmptyTarget() {
        AorRecord decoded = codec.decode(HexFormat.of().parseHex(FROZEN_V2));
        assertThat(decoded).isEqualTo(TestRecords.rich());
        assertThat(decoded.upstream().target()).isEmpty();
        assertThat(decoded.bindings().get(3).upstream().target()).isEmpty();
        RecordCodec.ExpirySummary summary = new RecordCodec.ExpirySummary();
        byte[] frozen = HexFormat.of().parseHex(FROZEN_V2);
        codec.summarize(frozen, 0, frozen.length, summary);
        assertThat(summary.upstreamExpiry).isEqualTo(TestRecords.rich().upstreamExpiry());
    }

    static final String FROZEN_V2 = "0204e9027369703a616c696365405b323030313a6462383a3a315d3a353036313b7472616e73706f72743d746c733b6f6204f81d4fae7dec11d0a76500a0c91e6bf60759323030313a6462383a3a31ffff0319746c7361666c6f772dc3a9e4b8ad2d3102b9013c7369703a70312e6578616d706c652e636f6d3b6c723e593c7369703a70323b6c723e8301abcdef0123456789ffffffffffffffff1fedf7b2e5bd680b0de907a901554120c3bcc3b1c3aec3a7c3b864c3a920f09f988000497369703a626f6240680000096800197564700100097800000000010000597369703a6361726f6c4068f9023c75726e3a757569643a46383144344641452d374445432d313144302d413736352d3030413043393145364246363e000968011177738d0169b73f0c417ed76df8e7aefcf40029612d625f630180f8b2e5bd68ffefe5cafbd001feefe5cafbd001f5030100b9017369703a64617665403139322e302e322e393a353036300000493139322e302e322e39c427197564700000296369642d6403b7f6b2e5bd68c901c1a90700000129746f6b2d64a4aa07e59bee02296369642d640302c8010001593c7369703a73723b6c723e000119746f6b809bee020042abcdef01ffcfdbc3f40204f703d1015365727669636520556e617661696c61626c653b20726574727901f9013c7369703a6f7269674073637363662e6578616d706c652e636f6d3b6c723e0285013fe02cb287226ad79df94448693c7369703a2b3439333040783e39582d456d70747901";

    @Test
    void theTargetHoldingEachUpstreamRegistrationRoundTrips() {
        AorRecord rich = TestRecords.rich();
        AorRecord withTargets = new AorRecord(List.of(rich.bindings().get(0), rich.bindings().get(3).withUpstream(
                rich.bindings().get(3).upstream().withTarget("registrar-b.example.com:5060"))),
                rich.upstream().withTarget("192.0.2.1:5070"));
        byte[] encoded = codec.encode(withTargets);
        assertThat(encoded[0]).isEqualTo((byte) 3);
        AorRecord decoded = codec.decode(encoded);
        assertThat(decoded).isEqualTo(withTargets);
        assertThat(decoded.upstream().target()).isEqualTo("192.0.2.1:5070");
        assertThat(decoded.bindings().get(1).upstream().target()).isEqualTo("registrar-b.example.com:5060");
        RecordCodec.ExpirySummary summary = new RecordCodec.ExpirySummary();
        codec.summarize(encoded, 0, encoded.length, summary);
        assertThat(summary.upstreamExpiry).isEqualTo(withTargets.upstreamExpiry());
    }

    @Test
    void aNullTargetIsStoredAsEmpty() {
        UpstreamState up = TestRecords.rich().upstream().withTarget(null);
        assertThat(up.target()).isEmpty();
        assertThat(codec.decode(codec.encode(new AorRecord(List.of(), up))).upstream().target()).isEmpty();
    }

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
