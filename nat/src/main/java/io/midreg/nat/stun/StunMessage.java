package io.midreg.nat.stun;

import java.util.List;
import java.util.Optional;

/**
 * A STUN message (RFC 5389 §6), immutable.
 *
 * @param type          message type: method and class bits together, e.g. {@link Stun#BINDING_REQUEST}
 * @param transactionId its transaction id; a classic (RFC 3489) id means the message had no magic cookie
 * @param attributes    in the order they travel
 */
public record StunMessage(int type, TransactionId transactionId, List<StunAttribute> attributes) {
    public StunMessage {
        if (type < 0 || type > 0x3FFF) throw new IllegalArgumentException("a message type has 14 bits: " + type);
        if (transactionId == null) throw new IllegalArgumentException("transactionId must be set");
        attributes = List.copyOf(attributes);
    }

    /** The first attribute of this type. */
    public Optional<StunAttribute> attribute(int attributeType) {
        for (StunAttribute a : attributes) {
            if (a.type() == attributeType) return Optional.of(a);
        }
        return Optional.empty();
    }
}
