package io.midreg.store;

import java.util.List;
import java.util.Locale;

/** Realistic records as the registrar would store them (sizes from the benchmark brief). */
public final class TestRecords {

    public static final long NOW = 1_795_000_000_000L; // 2026-11-18, a fixed clock keeps tests repeatable

    private TestRecords() {
    }

    public static String aor(int i) {
        return String.format(Locale.ROOT, "sip:+4930%07d@pbx.example.com", i);
    }

    public static Binding binding(int i, long now) {
        String user = String.format(Locale.ROOT, "+4930%07d", i);
        return new Binding(
                "sip:" + user + "@192.168.1.23:5060;transport=udp;line=abc" + String.format(Locale.ROOT, "%03d", i % 1000),
                String.format(Locale.ROOT, "<urn:uuid:%08x-1234-4abc-9def-%012x>", i, (long) i * 7919),
                1,
                "192.168.1.23",
                5060,
                "udp",
                null,
                List.of(),
                String.format(Locale.ROOT, "%032x", (long) i * 0x9E3779B97F4AL),
                1000 + i,
                now + 120_000,
                Binding.NO_Q,
                "Yealink SIP-T46S 66.86.0.15 hw:1.0.0.0-X",
                now - 3_600_000,
                now);
    }

    public static UpstreamState upstream(int i, long now) {
        return new UpstreamState(
                String.format(Locale.ROOT, "mr%010dx", i) + "Zk9bQ2dVx1Lr7TqP0aWsE3yHcJ8nMuK4fGiOv6tBlD5eR2-_XzYwAb",
                now + 3_600_000,
                now - 600_000,
                String.format(Locale.ROOT, "%032x", (long) i * 31L + 17),
                42,
                UpstreamStatus.REGISTERED,
                200,
                null,
                List.of(),
                List.of());
    }

    public static AorRecord record(int i, long now) {
        return new AorRecord(List.of(binding(i, now)), upstream(i, now));
    }

    /** A record with every optional field set and awkward values, for round trips. */
    public static AorRecord rich() {
        Binding a = new Binding("sip:alice@[2001:db8::1]:5061;transport=tls;ob", "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
                7, "2001:db8::1", 65535, "tls", "flow-\u00e9\u4e2d-1", List.of("<sip:p1.example.com;lr>", "<sip:p2;lr>"),
                "ABCDEF0123456789", Long.MAX_VALUE / 4, NOW + 1, 1000, "UA \u00fc\u00f1\u00ee\u00e7\u00f8d\u00e9 \ud83d\ude00",
                NOW - 10, NOW - 5);
        Binding b = new Binding("sip:bob@h", null, 0, "h", 0, "udp", "", List.of(), "x", 0, 0, 0, null, 0, 0);
        Binding c = new Binding("sip:carol@h", "<urn:uuid:F81D4FAE-7DEC-11D0-A765-00A0C91E6BF6>", 0, "h", 1, "ws",
                "abc_DEF-123456789", List.of(), "a-b_c", 1, 1, 500, "", 1, NOW * 2);
        UpstreamState up = new UpstreamState("tok", 0, NOW, "abcdef01", 99_999_999_999L, UpstreamStatus.DEREGISTERING,
                503, "Service Unavailable; retry", List.of("<sip:orig@scscf.example.com;lr>"),
                List.of(new HeaderField("P-Associated-URI", "<sip:+4930@x>"), new HeaderField("X-Empty", "")));
        // Contact mode: a binding with its own upstream registration (format version 2).
        Binding d = new Binding("sip:dave@192.0.2.9:5060", null, 0, "192.0.2.9", 5060, "udp", null, List.of(), "cid-d", 3,
                NOW + 60_000, -1, null, NOW - 100, NOW).withUpstream(new UpstreamState("tok-d", NOW + 3_000_000, NOW - 50,
                "cid-d", 3, UpstreamStatus.REGISTERED, 200, null, List.of("<sip:sr;lr>"), List.of()));
        return new AorRecord(List.of(a, b, c, d), up);
    }
}
