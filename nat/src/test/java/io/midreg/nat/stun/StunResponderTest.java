package io.midreg.nat.stun;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.sip.transport.Flow;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StunResponderTest {
    private static final InetSocketAddress MIDREG = new InetSocketAddress("127.0.0.1", 5060);
    private final StunResponder responder = new StunResponder();

    private static Flow from(String host, int port) throws Exception {
        return Flow.udp(MIDREG, new InetSocketAddress(InetAddress.getByName(host), port));
    }

    private StunMessage answer(byte[] request, Flow flow) {
        ByteBuffer reply = responder.onDatagram(ByteBuffer.wrap(request).asReadOnlyBuffer(), flow);
        assertThat(reply).isNotNull();
        byte[] bytes = new byte[reply.remaining()];
        reply.get(bytes);
        StunDecodeResult decoded = StunCodec.decode(ByteBuffer.wrap(bytes));
        assertThat(decoded).isInstanceOf(StunDecodeResult.Decoded.class); // FINGERPRINT checked there
        return ((StunDecodeResult.Decoded) decoded).message();
    }

    @Test
    void theRfc5769RequestFrom192_0_2_1IsAnsweredWithTheSampleResponsesAddress() throws Exception {
        StunMessage answer = answer(Rfc5769.SAMPLE_REQUEST, from("192.0.2.1", 32853));
        assertThat(answer.type()).isEqualTo(Stun.BINDING_SUCCESS_RESPONSE);
        assertThat(answer.transactionId()).isEqualTo(TransactionId.of(Rfc5769.TRANSACTION_ID));
        assertThat(answer.attributes()).extracting(StunAttribute::type).containsExactly(Stun.XOR_MAPPED_ADDRESS, Stun.FINGERPRINT);
        byte[] reply = StunResponder.answer(TransactionId.of(Rfc5769.TRANSACTION_ID), new InetSocketAddress("192.0.2.1", 32853));
        assertThat(Arrays.copyOfRange(reply, 20, 32)).isEqualTo(Rfc5769.IPV4_XOR_MAPPED_ADDRESS);
        assertThat(responder.stats().answered()).isEqualTo(1);
    }

    @Test
    void anIpv6SenderGetsItsIpv6AddressBack() throws Exception {
        StunMessage answer = answer(Rfc5769.SAMPLE_REQUEST, from("2001:db8:1234:5678:11:2233:4455:6677", 32853));
        byte[] reply = StunResponder.answer(TransactionId.of(Rfc5769.TRANSACTION_ID),
                new InetSocketAddress(InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853));
        assertThat(Arrays.copyOfRange(reply, 20, 44)).isEqualTo(Rfc5769.IPV6_XOR_MAPPED_ADDRESS);
        assertThat(StunAddresses.readXorMapped(answer.attributes().get(0), answer.transactionId()))
                .contains(new InetSocketAddress(InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853));
    }

    @Test
    void anRfc3489ClientGetsMappedAddressAndItsOwn16ByteId() throws Exception {
        byte[] classic = Rfc5769.hex("000100080186f81af0eaec7a82e4124898af4b040003000400000000");
        StunMessage answer = answer(classic, from("198.51.100.7", 40000));
        assertThat(answer.transactionId().bytes()).isEqualTo(Arrays.copyOfRange(classic, 4, 20));
        assertThat(answer.attributes()).extracting(StunAttribute::type).containsExactly(Stun.MAPPED_ADDRESS);
        assertThat(StunAddresses.readMapped(answer.attributes().get(0)))
                .contains(new InetSocketAddress(InetAddress.getByName("198.51.100.7"), 40000));
    }

    @Test
    void anIndicationIsAKeepAliveThatGetsNoAnswer() throws Exception {
        byte[] indication = Rfc5769.hex("001100002112a442b7e7a701bc34d686fa87dfae");
        assertThat(responder.onDatagram(ByteBuffer.wrap(indication), from("192.0.2.1", 1))).isNull();
        assertThat(responder.stats().indications()).isEqualTo(1);
    }

    @Test
    void responsesAndOtherMethodsAreIgnored() throws Exception {
        assertThat(responder.onDatagram(ByteBuffer.wrap(Rfc5769.SAMPLE_IPV4_RESPONSE), from("192.0.2.1", 1))).isNull();
        byte[] allocate = Rfc5769.hex("000300002112a442b7e7a701bc34d686fa87dfae"); // TURN Allocate
        assertThat(responder.onDatagram(ByteBuffer.wrap(allocate), from("192.0.2.1", 1))).isNull();
        assertThat(responder.stats().ignored()).isEqualTo(2);
        assertThat(responder.stats().answered()).isZero();
    }

    @Test
    void malformedDatagramsAreDroppedAndCountedByReason() throws Exception {
        byte[] tampered = Rfc5769.SAMPLE_REQUEST.clone();
        tampered[30] ^= 1;
        assertThat(responder.onDatagram(ByteBuffer.wrap(tampered), from("192.0.2.1", 1))).isNull();
        assertThat(responder.onDatagram(ByteBuffer.wrap(new byte[] {0, 1, 0}), from("192.0.2.1", 1))).isNull();
        StunStats stats = responder.stats();
        assertThat(stats.malformed()).containsEntry(StunError.FINGERPRINT_MISMATCH, 1L).containsEntry(StunError.TOO_SHORT, 1L);
        assertThat(stats.malformedTotal()).isEqualTo(2);
        assertThat(stats.malformed()).containsOnlyKeys(StunError.values());
    }
}
