package io.midreg.sip.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NonSipDatagramHandlerTest {

    @Test
    void stunAndOtherBinaryProtocolsAreNotSip() {
        for (int b = 0; b < 0x40; b++) {
            if (b == '\r' || b == '\n') continue;
            assertThat(NonSipDatagramHandler.isNonSip((byte) b)).as("first byte 0x%02x", b).isTrue();
        }
    }

    @Test
    void lettersAndTheEmptyLinesBeforeAStartLineAreSip() {
        for (char c : "SIPINVITEREGISTERoptions\r\n".toCharArray()) {
            assertThat(NonSipDatagramHandler.isNonSip((byte) c)).as("first byte '%s'", c).isFalse();
        }
        for (int b = 0x80; b <= 0xFF; b++) {
            assertThat(NonSipDatagramHandler.isNonSip((byte) b)).isFalse(); // RTP/RTCP range: not ours either, goes to SIP and fails there
        }
    }
}
