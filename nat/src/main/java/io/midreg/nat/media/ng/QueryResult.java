package io.midreg.nat.media.ng;

import io.midreg.nat.media.bencode.BDict;
import io.midreg.nat.media.bencode.BValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A call as RTPEngine reports it in reply to {@code query}: its parties (tags), each with the
 * streams RTPEngine opened for it, and the packet totals. Fields RTPEngine left out read as zero
 * or empty; the whole reply stays in {@link NgReply#body()}.
 *
 * @param created    when the call was created, Unix seconds
 * @param lastSignal when the last ng command for it came, Unix seconds
 */
public record QueryResult(long created, long lastSignal, List<Party> parties, PacketCounts rtpTotals, PacketCounts rtcpTotals,
                          NgReply reply) {
    public QueryResult {
        parties = List.copyOf(parties);
    }

    /** One party of the call, by its tag (an empty tag: the side that has not answered yet). */
    public record Party(String tag, List<Stream> streams) {
        public Party {
            streams = List.copyOf(streams);
        }
    }

    /**
     * One RTP or RTCP stream of a party: the local port RTPEngine receives this party's packets
     * on, and where it sends them (the endpoint it learned or was told).
     */
    public record Stream(String localAddress, int localPort, String endpointAddress, int endpointPort, boolean rtcp, PacketCounts counts) {
    }

    static QueryResult of(NgReply reply) {
        BDict body = reply.body();
        List<Party> parties = new ArrayList<>();
        BDict tags = body.dict("tags").orElse(BDict.builder().build());
        for (Map.Entry<String, BValue> e : tags.entries().entrySet()) {
            if (e.getValue() instanceof BDict tag) parties.add(party(tag.string("tag").orElse(e.getKey()), tag));
        }
        BDict totals = body.dict("totals").orElse(BDict.builder().build());
        return new QueryResult(body.integer("created").orElse(0L), body.integer("last signal").orElse(0L), parties,
                totals.dict("RTP").map(PacketCounts::of).orElse(PacketCounts.ZERO),
                totals.dict("RTCP").map(PacketCounts::of).orElse(PacketCounts.ZERO), reply);
    }

    private static Party party(String tag, BDict dict) {
        List<Stream> streams = new ArrayList<>();
        for (BValue m : dict.list("medias").map(l -> l.values()).orElse(List.of())) {
            if (!(m instanceof BDict media)) continue;
            for (BValue s : media.list("streams").map(l -> l.values()).orElse(List.of())) {
                if (s instanceof BDict stream) streams.add(stream(stream));
            }
        }
        return new Party(tag, streams);
    }

    private static Stream stream(BDict s) {
        BDict endpoint = s.dict("endpoint").orElse(BDict.builder().build());
        boolean rtcp = s.list("flags").map(l -> l.values().stream().anyMatch(f -> f.toString().equals("RTCP"))).orElse(false);
        return new Stream(s.string("local address").orElse(""), (int) (long) s.integer("local port").orElse(0L),
                endpoint.string("address").orElse(""), (int) (long) endpoint.integer("port").orElse(0L), rtcp,
                s.dict("stats").map(PacketCounts::of).orElse(PacketCounts.ZERO));
    }
}
