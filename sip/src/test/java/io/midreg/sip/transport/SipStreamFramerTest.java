package io.midreg.sip.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.sip.testing.NettyLeakCheck;
import io.midreg.testing.ConformanceCorpus;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(10)
@ExtendWith(NettyLeakCheck.class)
class SipStreamFramerTest {
    private static final int MAX = 65535;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private EmbeddedChannel channel;
    private FramerRecorder recorder;

    @BeforeEach
    void setUp() {
        newChannel(MAX);
    }

    private void newChannel(int maxMessageSize) {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
        recorder = new FramerRecorder();
        channel = new EmbeddedChannel(new SipStreamFramer(new StreamFramerConfig(maxMessageSize, TIMEOUT)), recorder);
        channel.freezeTime(); // time moves only through advanceTimeBy
    }

    @AfterEach
    void tearDown() {
        channel.finishAndReleaseAll();
    }

    static String request(String body, String contentLengthHeader) {
        return "REGISTER sip:example.com SIP/2.0\r\n"
                + "Via: SIP/2.0/TCP 192.0.2.1:5060;branch=z9hG4bK776asdhds\r\n"
                + "From: <sip:alice@example.com>;tag=1928301774\r\n"
                + "To: <sip:alice@example.com>\r\n"
                + "Call-ID: a84b4c76e66710\r\n"
                + "CSeq: 314159 REGISTER\r\n"
                + contentLengthHeader
                + "\r\n"
                + body;
    }

    static String request(String body) {
        return request(body, "Content-Length: " + body.length() + "\r\n");
    }

    private void feed(String text) {
        feed(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private void feed(byte[] bytes) {
        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
    }

    private void feedByteByByte(byte[] bytes) {
        for (byte b : bytes) {
            if (!channel.isOpen()) {
                return;
            }
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
    }

    private void expireIncompleteMessage() {
        channel.advanceTimeBy(TIMEOUT.toNanos() + 1, TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
    }

    private String outboundText() {
        StringBuilder text = new StringBuilder();
        ByteBuf out;
        while ((out = channel.readOutbound()) != null) {
            text.append(out.toString(StandardCharsets.ISO_8859_1));
            out.release();
        }
        return text.toString();
    }

    @Test
    void framesOneWholeMessage() {
        String message = request("hello");
        feed(message);
        assertThat(recorder.messageTexts()).containsExactly(message);
        assertThat(recorder.errors).isEmpty();
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void framesAMessageFedOneByteAtATime() {
        String message = request("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n");
        feedByteByByte(message.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(recorder.messageTexts()).containsExactly(message);
        assertThat(recorder.errors).isEmpty();
    }

    @Test
    void framesTwoMessagesInOneWrite() {
        String first = request("");
        String second = request("second body");
        feed(first + second);
        assertThat(recorder.messageTexts()).containsExactly(first, second);
    }

    @Test
    void framesA60KilobyteBodySplitAcrossManyWrites() {
        String body = "x".repeat(60 * 1024);
        byte[] message = request(body).getBytes(StandardCharsets.ISO_8859_1);
        for (int offset = 0; offset < message.length; offset += 1000) {
            assertThat(recorder.messages).isEmpty();
            channel.writeInbound(Unpooled.wrappedBuffer(message, offset, Math.min(1000, message.length - offset)));
        }
        assertThat(recorder.messages).hasSize(1);
        assertThat(recorder.messages.get(0)).isEqualTo(message);
    }

    @Test
    void answersADoubleCrlfPingWithOneCrlf() {
        feed("\r\n\r\n");
        assertThat(outboundText()).isEqualTo("\r\n");
        assertThat(recorder.keepAlives).isEqualTo(1);
        assertThat(recorder.messages).isEmpty();
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void answersAPingFedOneByteAtATimeAndEachOfTwoPings() {
        feedByteByByte("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        feed("\r\n\r\n");
        assertThat(outboundText()).isEqualTo("\r\n\r\n");
        assertThat(recorder.keepAlives).isEqualTo(2);
    }

    @Test
    void ignoresALoneCrlfBeforeAMessage() {
        String message = request("");
        feed("\r\n" + message);
        assertThat(recorder.messageTexts()).containsExactly(message);
        assertThat(outboundText()).isEmpty();
        assertThat(recorder.keepAlives).isZero();
    }

    @Test
    void answersPingsBetweenMessages() {
        String message = request("a");
        feed(message + "\r\n\r\n" + message);
        assertThat(recorder.messageTexts()).containsExactly(message, message);
        assertThat(outboundText()).isEqualTo("\r\n");
    }

    @Test
    void readsCompactFoldedAndSpacedContentLength() {
        String compact = request("abc", "l: 3\r\n");
        String spaced = request("abcd", "content-LENGTH \t :   4  \r\n");
        String folded = request("abcde", "Content-Length:\r\n   5\r\n");
        String repeated = request("ab", "Content-Length: 2\r\nl: 2\r\n");
        feed(compact + spaced + folded + repeated);
        assertThat(recorder.messageTexts()).containsExactly(compact, spaced, folded, repeated);
        assertThat(recorder.errors).isEmpty();
    }

    @Test
    void doesNotMistakeSimilarHeaderNamesForContentLength() {
        String message = request("", "Content-Length-X: 99\r\nLx: 5\r\nContent-Type: text/plain\r\nContent-Length: 0\r\n");
        feed(message);
        assertThat(recorder.messageTexts()).containsExactly(message);
    }

    @Test
    void missingContentLengthIsAFramingErrorAndClosesTheChannel() {
        feed(request("", ""));
        assertThat(recorder.messages).isEmpty();
        assertThat(recorder.onlyErrorReason()).isEqualTo(FramingErrorReason.MISSING_CONTENT_LENGTH);
        assertThat(channel.isOpen()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-999", "99999999999999999999", "2147483648", "abc", "", "1 2", "+5", "0x10", "5;x"})
    void invalidContentLengthIsAFramingError(String value) {
        feed(request("", "Content-Length: " + value + "\r\n"));
        assertThat(recorder.messages).isEmpty();
        assertThat(recorder.onlyErrorReason()).isEqualTo(FramingErrorReason.INVALID_CONTENT_LENGTH);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void conflictingContentLengthsAreAFramingError() {
        feed(request("hello", "Content-Length: 5\r\nl: 13\r\n"));
        assertThat(recorder.onlyErrorReason()).isEqualTo(FramingErrorReason.CONFLICTING_CONTENT_LENGTH);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void reportsErrorsAfterTheMessagesBeforeThemAndDiscardsTheRest() {
        String good = request("ok");
        feed(good + request("", "") + good);
        assertThat(recorder.messageTexts()).containsExactly(good);
        assertThat(recorder.onlyErrorReason()).isEqualTo(FramingErrorReason.MISSING_CONTENT_LENGTH);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void flushesWhatTheErrorHandlerWroteBeforeClosing() {
        recorder.replyOnError = "SIP/2.0 400 Missing Content-Length\r\nContent-Length: 0\r\n\r\n";
        feed(request("", ""));
        assertThat(outboundText()).isEqualTo(recorder.replyOnError);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void headerBlockOverTheMaximumIsAnErrorWithoutUnboundedBuffering() {
        int max = 4096;
        newChannel(max);
        byte[] chunk = ("X-Filler: " + "y".repeat(1000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        feed("OPTIONS sip:example.com SIP/2.0\r\n");
        int fed = 0;
        while (recorder.errors.isEmpty()) {
            assertThat(fed).as("bytes fed before the error").isLessThanOrEqualTo(max + chunk.length);
            feed(chunk);
            fed += chunk.length;
        }
        assertThat(recorder.onlyErrorReason()).isEqualTo(FramingErrorReason.MESSAGE_TOO_LARGE);
        assertThat(recorder.errors.get(0)).isInstanceOf(SipMessageTooLargeException.class);
        assertThat(channel.isOpen()).isFalse();
        assertThat(recorder.messages).isEmpty();
    }

    @Test
    void declaredBodyOverTheMaximumIsAnErrorBeforeTheBodyArrives() {
        newChannel(1024);
        feed(request("", "Content-Length: 5000\r\n"));
        assertThat(recorder.errors).singleElement().isInstanceOf(SipMessageTooLargeException.class);
        assertThat(((SipMessageTooLargeException) recorder.errors.get(0)).size()).isGreaterThan(5000);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void incompleteBodyWaitsThenTimesOutAndCloses() {
        String partial = request("only part of the body", "Content-Length: 9999\r\n");
        feed(partial);
        channel.advanceTimeBy(TIMEOUT.toNanos() / 2, TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
        assertThat(recorder.messages).isEmpty();
        assertThat(recorder.errors).isEmpty();
        assertThat(channel.isOpen()).isTrue();

        expireIncompleteMessage();
        assertThat(recorder.onlyErrorReason()).isEqualTo(FramingErrorReason.INCOMPLETE_MESSAGE_TIMEOUT);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void incompleteHeaderBlockTimesOut() {
        feed("REGISTER sip:example.com SIP/2.0\r\nVia: SIP/2.0/TCP 192.0.2.1\r\n");
        expireIncompleteMessage();
        assertThat(recorder.onlyErrorReason()).isEqualTo(FramingErrorReason.INCOMPLETE_MESSAGE_TIMEOUT);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void timeoutCountsFromTheStartOfTheCurrentMessageOnly() {
        String message = request("body");
        String half = message.substring(0, 40);
        // A whole message, then 4 s later half of the next: the check must not blame the old one.
        feed(message);
        channel.advanceTimeBy(4, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        feed(half);
        channel.advanceTimeBy(2, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(recorder.errors).isEmpty();
        feed(message.substring(40));
        channel.advanceTimeBy(30, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(recorder.errors).isEmpty();
        assertThat(recorder.messageTexts()).containsExactly(message, message);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void idleConnectionBetweenMessagesDoesNotTimeOut() {
        feed("\r\n");
        expireIncompleteMessage();
        assertThat(recorder.errors).isEmpty();
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void bareLfHeaderEndIsNotAcceptedOnAStream() {
        feed("OPTIONS sip:example.com SIP/2.0\nContent-Length: 0\n\n");
        assertThat(recorder.messages).isEmpty();
        expireIncompleteMessage();
        assertThat(recorder.onlyErrorReason()).isEqualTo(FramingErrorReason.INCOMPLETE_MESSAGE_TIMEOUT);
    }

    static List<Path> conformanceFiles() {
        List<Path> files = ConformanceCorpus.wireFiles();
        assertThat(files).as("conformance wire files").hasSizeGreaterThanOrEqualTo(61);
        return files;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conformanceFiles")
    void conformanceMessageFedWhole(Path file) {
        assertConformanceOutcome(file, frame(file, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conformanceFiles")
    void conformanceMessageFedOneByteAtATime(Path file) {
        assertConformanceOutcome(file, frame(file, true));
    }

    /** Feeds a corpus file, lets any partial message time out, and returns what came out. */
    private FramerRecorder frame(Path file, boolean byteByByte) {
        byte[] bytes = ConformanceCorpus.read(file);
        if (byteByByte) {
            feedByteByByte(bytes);
        } else {
            feed(bytes);
        }
        expireIncompleteMessage();
        return recorder;
    }

    /**
     * What the conformance README says a stream decoder does with each corpus file; every file
     * not listed here is one whole message with nothing left over.
     */
    private static final Map<String, FramingErrorReason> STREAM_ERRORS = Map.of(
            "clerr", FramingErrorReason.INCOMPLETE_MESSAGE_TIMEOUT, // body shorter than declared
            "baddn", FramingErrorReason.INCOMPLETE_MESSAGE_TIMEOUT, // no empty line after the headers
            "ncl", FramingErrorReason.INVALID_CONTENT_LENGTH, // -999
            "mcl01", FramingErrorReason.CONFLICTING_CONTENT_LENGTH, // 13 and 5
            "inv2543", FramingErrorReason.MISSING_CONTENT_LENGTH, // RFC 2543 style, none at all
            // REGISTER, CRLF, INVITE, then the 5 octets past its Content-Length: "C" CRLF CRLF.
            "dblreq", FramingErrorReason.MISSING_CONTENT_LENGTH);

    private void assertConformanceOutcome(Path file, FramerRecorder result) {
        String name = file.getFileName().toString().replace(".dat", "");
        byte[] bytes = ConformanceCorpus.read(file);
        FramingErrorReason expectedError = STREAM_ERRORS.get(name);
        if (expectedError == null) {
            assertThat(result.errors).as("framing errors").isEmpty();
            assertThat(result.messages).as("messages").singleElement().isEqualTo(bytes);
            assertThat(channel.isOpen()).isTrue();
            return;
        }
        assertThat(result.onlyErrorReason()).isEqualTo(expectedError);
        assertThat(channel.isOpen()).as("closed after the framing error").isFalse();
        if (name.equals("dblreq")) {
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            int invite = text.indexOf("INVITE ");
            assertThat(result.messageTexts()).satisfiesExactly(
                    register -> assertThat(register).startsWith("REGISTER ").endsWith("Content-Length: 0\r\n\r\n"),
                    inv -> assertThat(inv).isEqualTo(text.substring(invite, bytes.length - 5)));
        } else {
            assertThat(result.messages).as("messages").isEmpty();
        }
    }
}
