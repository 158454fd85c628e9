package io.midreg.nat.stun;

import io.midreg.sip.transport.Flow;
import io.midreg.sip.transport.NonSipDatagramHandler;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The STUN server on midreg's UDP SIP ports that RFC 5626 §8 asks of an edge proxy: a device keeps
 * its NAT binding open with Binding requests on the same 5-tuple as its SIP traffic and learns
 * from the answer whether its public address changed. Only the keep-alive subset of RFC 5389:
 * a Binding request gets a success response with XOR-MAPPED-ADDRESS (the sender as midreg sees
 * it) and FINGERPRINT; no authentication (RFC 5626 §8 uses none), other attributes are ignored.
 * An RFC 3489 request (no magic cookie) gets MAPPED-ADDRESS instead (RFC 5389 §12.2). Anything
 * malformed is dropped and counted by reason. Stateless and safe on every event loop at once.
 */
public final class StunResponder implements NonSipDatagramHandler {
    private final LongAdder answered = new LongAdder();
    private final LongAdder indications = new LongAdder();
    private final LongAdder ignored = new LongAdder();
    private final Map<StunError, LongAdder> malformed = new EnumMap<>(StunError.class);

    public StunResponder() {
        for (StunError error : StunError.values()) malformed.put(error, new LongAdder());
    }

    @Override
    public ByteBuffer onDatagram(ByteBuffer datagram, Flow flow) {
        StunDecodeResult result = StunCodec.decode(datagram);
        if (result instanceof StunDecodeResult.Malformed m) {
            malformed.get(m.error()).increment();
            return null;
        }
        StunMessage message = ((StunDecodeResult.Decoded) result).message();
        switch (message.type()) {
            case Stun.BINDING_REQUEST -> {
                answered.increment();
                return ByteBuffer.wrap(answer(message.transactionId(), flow.remote()));
            }
            case Stun.BINDING_INDICATION -> indications.increment();
            default -> ignored.increment();
        }
        return null;
    }

    /** The Binding success response telling {@code sender} how midreg sees it. */
    static byte[] answer(TransactionId id, InetSocketAddress sender) {
        StunAttribute address = id.classic() ? StunAddresses.mapped(sender) : StunAddresses.xorMapped(sender, id);
        return StunCodec.encode(new StunMessage(Stun.BINDING_SUCCESS_RESPONSE, id, List.of(address)), true);
    }

    public StunStats stats() {
        Map<StunError, Long> errors = new EnumMap<>(StunError.class);
        malformed.forEach((error, count) -> errors.put(error, count.sum()));
        return new StunStats(answered.sum(), indications.sum(), ignored.sum(), errors);
    }
}
