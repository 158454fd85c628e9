package io.midreg.store;

import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.midreg.testing.FuzzBounds;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes the record codec on the bytes of one stored value, read as a record of every format
 * version (the first byte set to 1, 2, ... {@link RecordCodec#CURRENT_VERSION} in turn, and as it
 * came). A damaged record must fail with {@link MalformedRecordException}, which the store turns
 * into its typed {@link StoreCorruptException}; nothing else. The index rebuild's
 * {@code summarize} and the full decode must agree on which bytes are a record (else the index
 * holds a record no read can use, or misses one), and a decoded record must encode and decode to
 * itself. Seeds: the frozen version 1 and 2 records, current-version records and
 * {@code RecordCodecFuzzTestInputs/}.
 */
class RecordCodecFuzzTest {
    private static final RecordCodec CODEC = new RecordCodec();

    static Stream<Arguments> records() {
        return Stream.of(
                arguments(named("frozen version 1", HexFormat.of().parseHex(RecordCodecTest.FROZEN_V1))),
                arguments(named("frozen version 2", HexFormat.of().parseHex(RecordCodecTest.FROZEN_V2))),
                arguments(named("rich, current version", CODEC.encode(TestRecords.rich()))),
                arguments(named("record 7, current version", CODEC.encode(TestRecords.record(7, TestRecords.NOW)))),
                arguments(named("empty record", CODEC.encode(new AorRecord(List.of(), null)))));
    }

    @MethodSource("records")
    @FuzzTest(maxDuration = "15s")
    void record(byte[] input) {
        FuzzBounds.check("RecordCodec", input, () -> decodeBothWays(input), MalformedRecordException.class);
        if (input.length == 0) return;
        for (int version = 1; version <= RecordCodec.CURRENT_VERSION; version++) {
            byte[] asVersion = input.clone();
            asVersion[0] = (byte) version;
            FuzzBounds.check("RecordCodec (version " + version + ")", asVersion, () -> decodeBothWays(asVersion), MalformedRecordException.class);
        }
    }

    private static void decodeBothWays(byte[] bytes) {
        // In the middle of a larger buffer, as the store hands records to the codec.
        byte[] framed = new byte[bytes.length + 6];
        System.arraycopy(bytes, 0, framed, 3, bytes.length);
        framed[0] = framed[framed.length - 1] = 1;
        AorRecord record = null;
        MalformedRecordException decodeError = null;
        try {
            record = CODEC.decode(framed, 3, bytes.length);
        } catch (MalformedRecordException e) {
            decodeError = e;
        }
        MalformedRecordException summaryError = null;
        try {
            CODEC.summarize(framed, 3, bytes.length, new RecordCodec.ExpirySummary());
        } catch (MalformedRecordException e) {
            summaryError = e;
        }
        if ((decodeError == null) != (summaryError == null)) {
            throw new AssertionError("decode " + (decodeError == null ? "accepts" : "refuses (" + decodeError.getMessage() + ")")
                    + " a record that summarize " + (summaryError == null ? "accepts" : "refuses (" + summaryError.getMessage() + ")"));
        }
        if (decodeError != null) throw decodeError;
        AorRecord again = CODEC.decode(CODEC.encode(record));
        if (!again.equals(record)) throw new AssertionError("record does not survive encode/decode:\n " + record + "\n " + again);
    }
}
