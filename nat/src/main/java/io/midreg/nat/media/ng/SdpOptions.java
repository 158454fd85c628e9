package io.midreg.nat.media.ng;

import io.midreg.nat.media.bencode.BDict;
import io.midreg.nat.media.bencode.BList;
import io.midreg.nat.media.bencode.BValue;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The optional keys of an offer or answer that decide how RTPEngine rewrites the SDP for a NAT'd
 * party. Only keys RTPEngine 10.5 (Debian 12) already knows are typed; anything newer goes in
 * {@code extra}, sent as given.
 *
 * @param flags             the {@code flags} list, e.g. {@code SIP-source-address} (ignore the SDP's
 *                          addresses, use {@code received-from}), {@code trust-address},
 *                          {@code strict-source}, {@code port-latching}
 * @param replace           the {@code replace} list
 * @param ice               the {@code ICE} key, empty to leave RTPEngine's default
 * @param direction         the {@code direction} pair of logical interface names ([from, to]), or empty
 * @param receivedFrom      the SIP source address of the party that sent this SDP; Kamailio always sends it
 * @param transportProtocol e.g. {@code RTP/AVP} to give plain RTP to a legacy PBX
 * @param rtcpMux           the {@code rtcp-mux} list ({@code demux}, {@code offer}, {@code accept}, ...)
 * @param extra             further keys, sent as they are
 */
public record SdpOptions(List<String> flags, List<Replace> replace, Optional<Ice> ice, List<String> direction,
                         Optional<InetAddress> receivedFrom, Optional<String> transportProtocol, List<String> rtcpMux,
                         Map<String, BValue> extra) {
    public static final SdpOptions NONE = builder().build();

    public SdpOptions {
        flags = List.copyOf(flags);
        replace = List.copyOf(replace);
        direction = List.copyOf(direction);
        rtcpMux = List.copyOf(rtcpMux);
        extra = Map.copyOf(extra);
        if (!direction.isEmpty() && direction.size() != 2) throw new IllegalArgumentException("direction needs two interface names: " + direction);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Adds these keys to an offer or answer. */
    void putInto(BDict.Builder d) {
        if (!flags.isEmpty()) d.put("flags", flags);
        if (!replace.isEmpty()) d.put("replace", replace.stream().map(Replace::value).toList());
        ice.ifPresent(i -> d.put("ICE", i.value()));
        if (!direction.isEmpty()) d.put("direction", direction);
        receivedFrom.ifPresent(a -> d.put("received-from", List.of(a instanceof Inet6Address ? "IP6" : "IP4", a.getHostAddress())));
        transportProtocol.ifPresent(p -> d.put("transport-protocol", p));
        if (!rtcpMux.isEmpty()) d.put("rtcp-mux", BList.ofStrings(rtcpMux));
        d.putAll(extra);
    }

    public static final class Builder {
        private final List<String> flags = new ArrayList<>();
        private final List<Replace> replace = new ArrayList<>();
        private Ice ice;
        private List<String> direction = List.of();
        private InetAddress receivedFrom;
        private String transportProtocol;
        private final List<String> rtcpMux = new ArrayList<>();
        private final Map<String, BValue> extra = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder flag(String flag) {
            flags.add(flag);
            return this;
        }

        public Builder replace(Replace... entries) {
            replace.addAll(List.of(entries));
            return this;
        }

        public Builder ice(Ice value) {
            ice = value;
            return this;
        }

        public Builder direction(String from, String to) {
            direction = List.of(from, to);
            return this;
        }

        public Builder receivedFrom(InetAddress address) {
            receivedFrom = address;
            return this;
        }

        public Builder transportProtocol(String protocol) {
            transportProtocol = protocol;
            return this;
        }

        public Builder rtcpMux(String entry) {
            rtcpMux.add(entry);
            return this;
        }

        public Builder extra(String key, BValue value) {
            extra.put(key, value);
            return this;
        }

        public SdpOptions build() {
            return new SdpOptions(flags, replace, Optional.ofNullable(ice), direction, Optional.ofNullable(receivedFrom),
                    Optional.ofNullable(transportProtocol), rtcpMux, extra);
        }
    }
}
