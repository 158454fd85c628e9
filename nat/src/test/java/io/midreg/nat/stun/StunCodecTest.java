package io.midreg.nat.stun;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StunCodecTest {
    private static final TransactionId ID = TransactionId.of(Rfc5769.TRANSACTION_ID);

    private static StunMessage decoded(byte[] bytes) {
        StunDecodeResult result = StunCodec.decode(ByteBuffer.wrap(bytes));
        assertThat(result).isInstanceOf(StunDecodeResult.Decoded.class);
        return ((StunDecodeResult.Decoded) result).message();
    }

    private static StunError error(byte[] bytes) {
        StunDecodeResult result = StunCodec.decode(ByteBuffer.wrap(bytes));
        assertThat(result).isInstanceOf(StunDecodeResult.Malformed.class);
        return ((StunDecodeResult.Malformed) result).error();
    }

    @Test
    void theSampleRequestOfRfc5769DecodesWithItsFingerprintChecked() {
        StunMessage request = decoded(Rfc5769.SAMPLE_REQUEST);
        assertThat(request.type()).isEqualTo(Stun.BINDING_REQUEST);
        assertThat(request.transactionId()).isEqualTo(ID);
        assertThat(request.transactionId().classic()).isFalse();
        assertThat(request.attributes()).extracting(StunAttribute::type)
                .containsExactly(0x8022, 0x0024, 0x8029, 0x0006, 0x0008, Stun.FINGERPRINT);
        assertThat(new String(request.attribute(0x8022).orElseThrow().value(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("STUN test client");
        assertThat(new String(request.attribute(0x0006).orElseThrow().value(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("evtj:h6vY"); // 9 bytes, the padding (spaces here) dropped
    }

    @Test
    void theIpv4SampleResponseNames192_0_2_1Port32853() throws Exception {
        StunMessage response = decoded(Rfc5769.SAMPLE_IPV4_RESPONSE);
        assertThat(response.type()).isEqualTo(Stun.BINDING_SUCCESS_RESPONSE);
        assertThat(StunAddresses.readXorMapped(response.attribute(Stun.XOR_MAPPED_ADDRESS).orElseThrow(), ID))
                .contains(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853));
    }

    @Test
    void theIpv6SampleResponseNamesItsAddressAndPort() throws Exception {
        StunMessage response = decoded(Rfc5769.SAMPLE_IPV6_RESPONSE);
        assertThat(StunAddresses.readXorMapped(response.attribute(Stun.XOR_MAPPED_ADDRESS).orElseThrow(), ID))
                .contains(new InetSocketAddress(InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853));
    }

    @Test
    void xorMappedAddressIsEncodedByteForByteAsInTheSampleResponses() throws Exception {
        assertThat(attributeBytes(StunAddresses.xorMapped(
                new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853), ID)))
                .isEqualTo(Rfc5769.IPV4_XOR_MAPPED_ADDRESS);
        assertThat(attributeBytes(StunAddresses.xorMapped(
                new InetSocketAddress(InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853), ID)))
                .isEqualTo(Rfc5769.IPV6_XOR_MAPPED_ADDRESS);
    }

    /** The attribute's bytes on the wire: encoded alone in a message, after the 20-byte header. */
    private static byte[] attributeBytes(StunAttribute attribute) {
        byte[] message = StunCodec.encode(new StunMessage(Stun.BINDING_SUCCESS_RESPONSE, ID, List.of(attribute)), false);
        return Arrays.copyOfRange(message, Stun.HEADER_LENGTH, message.length);
    }

    @Test
    void theSampleResponseReEncodedFromItsAttributesIsByteForByteTheSample() {
        StunMessage response = decoded(Rfc5769.SAMPLE_IPV4_RESPONSE);
        List<StunAttribute> withoutFingerprint = response.attributes().subList(0, response.attributes().size() - 1);
        byte[] ours = StunCodec.encode(new StunMessage(response.type(), ID, withoutFingerprint), true);
        // The RFC pads SOFTWARE ("test vector", 11 bytes) with a space, we with a zero; the
        // fingerprint covers that byte, so mend it and let our CRC code sign the result again.
        ours[Stun.HEADER_LENGTH + 4 + 11] = 0x20;
        ByteBuffer.wrap(ours).putInt(ours.length - 4, StunCodec.fingerprint(ByteBuffer.wrap(ours), 0, ours.length - 8));
        assertThat(ours).isEqualTo(Rfc5769.SAMPLE_IPV4_RESPONSE);
    }

    @Test
    void theLongTermAuthenticationSampleDecodesWithoutAFingerprint() {
        StunMessage request = decoded(Rfc5769.SAMPLE_REQUEST_LONG_TERM);
        assertThat(request.type()).isEqualTo(Stun.BINDING_REQUEST);
        assertThat(request.attributes()).extracting(StunAttribute::type).containsExactly(0x0006, 0x0015, 0x0014, 0x0008);
        assertThat(request.attribute(Stun.FINGERPRINT)).isEmpty();
    }

    @Test
    void aChangedByteBreaksTheFingerprint() {
        byte[] tampered = Rfc5769.SAMPLE_REQUEST.clone();
        tampered[30] ^= 0x01; // in SOFTWARE
        assertThat(error(tampered)).isEqualTo(StunError.FINGERPRINT_MISMATCH);
    }

    @Test
    void eachMalformationHasItsReason() {
        assertThat(error(Arrays.copyOf(Rfc5769.SAMPLE_REQUEST, 19))).isEqualTo(StunError.TOO_SHORT);
        byte[] sip = Arrays.copyOf(Rfc5769.SAMPLE_REQUEST, 20);
        sip[0] = 'S';
        assertThat(error(sip)).isEqualTo(StunError.NOT_STUN);
        byte[] oddLength = Rfc5769.SAMPLE_REQUEST.clone();
        oddLength[3] = 0x57;
        assertThat(error(oddLength)).isEqualTo(StunError.LENGTH_NOT_MULTIPLE_OF_FOUR);
        assertThat(error(Arrays.copyOf(Rfc5769.SAMPLE_REQUEST, 104))).isEqualTo(StunError.LENGTH_MISMATCH);
        assertThat(error(Arrays.copyOf(Rfc5769.SAMPLE_REQUEST, 112))).isEqualTo(StunError.LENGTH_MISMATCH);

        byte[] overrun = Arrays.copyOf(Rfc5769.SAMPLE_REQUEST, 28);
        overrun[3] = 8;          // header says 8 bytes of attributes
        overrun[22] = 0x00;
        overrun[23] = 0x10;      // SOFTWARE claims 16 of them
        assertThat(error(overrun)).isEqualTo(StunError.ATTRIBUTE_OVERRUN);

    }

    @Test
    void fingerprintFollowedByAnAttributeIsRejectedAsNotLast() {
        // A message whose FINGERPRINT is right for the bytes before it, then one more attribute.
        byte[] valid = StunCodec.encode(new StunMessage(Stun.BINDING_REQUEST, ID, List.of()), true);
        byte[] longer = Arrays.copyOf(valid, valid.length + 4);
        longer[3] = (byte) (valid.length + 4 - 20);
        // The fingerprint covered a header with the old length; redo it over the new header.
        int crc = StunCodec.fingerprint(ByteBuffer.wrap(longer), 0, 20);
        ByteBuffer.wrap(longer).putInt(24, crc);
        assertThat(error(longer)).isEqualTo(StunError.FINGERPRINT_NOT_LAST);
    }

    @Test
    void aMessageWithoutTheMagicCookieIsAnRfc3489OneWithA16ByteId() {
        byte[] classic = Rfc5769.hex("000100080186f81af0eaec7a82e4124898af4b040003000400000000");
        StunMessage request = decoded(classic);
        assertThat(request.type()).isEqualTo(Stun.BINDING_REQUEST);
        assertThat(request.transactionId().classic()).isTrue();
        assertThat(request.transactionId().bytes()).isEqualTo(Arrays.copyOfRange(classic, 4, 20));
        assertThat(request.attributes()).extracting(StunAttribute::type).containsExactly(0x0003);
    }

    @Test
    void whatWeEncodeDecodesToTheSameMessage() throws Exception {
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("::1"), 5060);
        StunMessage message = new StunMessage(Stun.BINDING_SUCCESS_RESPONSE, ID,
                List.of(StunAddresses.xorMapped(v6, ID), new StunAttribute(0x8022, new byte[] {'m', 'i', 'd'})));
        StunMessage back = decoded(StunCodec.encode(message, true));
        assertThat(back.attributes().subList(0, 2)).isEqualTo(message.attributes());
        assertThat(back.attributes().get(2).type()).isEqualTo(Stun.FINGERPRINT);
        assertThat(StunAddresses.readXorMapped(back.attributes().get(0), ID)).contains(v6);
    }

    @Test
    void noDatagramMakesTheDecoderThrow() {
        Random random = new Random(5769);
        for (int i = 0; i < 20_000; i++) {
            byte[] noise = new byte[random.nextInt(120)];
            random.nextBytes(noise);
            if (noise.length > 0) noise[0] &= 0x3F;
            if (noise.length > 3 && random.nextBoolean()) noise[3] = (byte) ((noise.length - 20) & 0xFC);
            if (noise.length > 7 && random.nextBoolean()) ByteBuffer.wrap(noise).putInt(4, Stun.MAGIC_COOKIE);
            assertThat(StunCodec.decode(ByteBuffer.wrap(noise))).isNotNull();
        }
        for (int cut = 0; cut < Rfc5769.SAMPLE_REQUEST.length; cut++) {
            assertThat(StunCodec.decode(ByteBuffer.wrap(Rfc5769.SAMPLE_REQUEST, 0, cut)))
                    .isInstanceOf(StunDecodeResult.Malformed.class);
        }
    }

    @Test
    void decodingReadsFromTheBuffersPositionAndLeavesItThere() {
        byte[] padded = new byte[Rfc5769.SAMPLE_REQUEST.length + 7];
        System.arraycopy(Rfc5769.SAMPLE_REQUEST, 0, padded, 7, Rfc5769.SAMPLE_REQUEST.length);
        ByteBuffer view = ByteBuffer.wrap(padded, 7, Rfc5769.SAMPLE_REQUEST.length).slice().asReadOnlyBuffer();
        ByteBuffer shifted = ByteBuffer.wrap(padded);
        shifted.position(7);
        assertThat(StunCodec.decode(view)).isInstanceOf(StunDecodeResult.Decoded.class);
        assertThat(StunCodec.decode(shifted)).isInstanceOf(StunDecodeResult.Decoded.class);
        assertThat(shifted.position()).isEqualTo(7);
    }
}
