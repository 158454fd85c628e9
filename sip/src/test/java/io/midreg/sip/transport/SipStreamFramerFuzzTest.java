package io.midreg.sip.transport;

import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.midreg.sip.message.SipMessageParser;
import io.midreg.sip.message.SipParseException;
import io.midreg.testing.FuzzBounds;
import io.midreg.testing.FuzzSeeds;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes the TCP/TLS path: the stream framer cuts a byte stream into messages, the parser reads
 * each. The framer may only report {@link SipFramingException} (the connection then closes), a
 * framed message is never larger than the limit, and the stream cut into 7-byte segments frames
 * exactly as it does in one piece: how TCP happens to segment a stream must not change what
 * midreg reads from it. Each framed message fails, if at all, with {@link SipParseException}.
 * Seeds: the RFC 4475 / RFC 5118 corpus as a stream (each file, then two files back to back).
 */
class SipStreamFramerFuzzTest {
    /** Small, so that random streams reach it. */
    private static final int MAX = 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int SEGMENT = 7;
    private static final SipMessageParser PARSER = new SipMessageParser();

    static Stream<Arguments> corpus() {
        List<FuzzSeeds.Seed> messages = FuzzSeeds.messages();
        List<Arguments> out = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            FuzzSeeds.Seed m = messages.get(i);
            out.add(arguments(named(m.name(), m.bytes())));
            FuzzSeeds.Seed next = messages.get((i + 1) % messages.size());
            byte[] both = Arrays.copyOf(m.bytes(), m.bytes().length + next.bytes().length);
            System.arraycopy(next.bytes(), 0, both, m.bytes().length, next.bytes().length);
            out.add(arguments(named(m.name() + " + " + next.name(), both)));
        }
        return out.stream();
    }

    @MethodSource("corpus")
    @FuzzTest(maxDuration = "15s")
    void stream(byte[] input) {
        FuzzBounds.check("SipStreamFramer", input, () -> {
            Framed whole = frame(input, input.length);
            Framed segmented = frame(input, SEGMENT);
            if (!whole.equals(segmented)) {
                throw new AssertionError("the stream frames differently in " + SEGMENT + "-byte segments:\n whole:     " + whole + "\n segmented: " + segmented);
            }
            for (byte[] message : whole.messages) {
                if (message.length > MAX) throw new AssertionError("a " + message.length + "-byte message passed the " + MAX + "-byte limit");
                try {
                    PARSER.parse(message, message.length);
                } catch (SipParseException e) {
                    // the stack answers it
                }
            }
        });
    }

    /** What the framer made of the stream: the messages, the keep-alive pings and the error reasons, in order. */
    private record Framed(List<byte[]> messages, int keepAlives, List<FramingErrorReason> errors) {
        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Framed f) || f.keepAlives != keepAlives || !f.errors.equals(errors) || f.messages.size() != messages.size()) return false;
            for (int i = 0; i < messages.size(); i++) {
                if (!Arrays.equals(messages.get(i), f.messages.get(i))) return false;
            }
            return true;
        }

        @Override
        public int hashCode() {
            return errors.hashCode();
        }

        @Override
        public String toString() {
            return messages.size() + " messages " + messages.stream().map(m -> m.length).toList() + ", " + keepAlives + " pings, errors " + errors;
        }
    }

    private static Framed frame(byte[] input, int segment) {
        FramerRecorder recorder = new FramerRecorder();
        EmbeddedChannel channel = new EmbeddedChannel(new SipStreamFramer(new StreamFramerConfig(MAX, TIMEOUT)), recorder);
        channel.freezeTime();
        try {
            for (int off = 0; off < input.length && channel.isOpen(); off += segment) {
                channel.writeInbound(Unpooled.wrappedBuffer(input, off, Math.min(segment, input.length - off)));
            }
            // whatever is left partial times out
            channel.advanceTimeBy(TIMEOUT.toNanos() + 1, TimeUnit.NANOSECONDS);
            channel.runScheduledPendingTasks();
            List<FramingErrorReason> reasons = new ArrayList<>();
            for (Throwable t : recorder.errors) {
                if (!(t instanceof SipFramingException e)) throw new AssertionError("the framer reported " + t, t);
                reasons.add(e.reason());
            }
            return new Framed(recorder.messages, recorder.keepAlives, reasons);
        } finally {
            channel.finishAndReleaseAll();
        }
    }
}
