package io.midreg.store;

import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of an {@link AorRecord} in the store file.
 *
 * <p>The first byte is the format version. Every later release must keep decoding every version
 * it ever wrote; encoding always writes {@link #CURRENT_VERSION}. Version 1 layout:
 * <pre>
 * u8 version=1
 * count bindings, each:
 *   str contact, str instance, varint regId, str receivedHost, varint port, str transport,
 *   str flowId, count path + str*, str callId, varlong cseq,
 *   time registeredAt, time lastSeenAt, time expiresAt, varint (q+1), str userAgent
 * u8 hasUpstream, then if 1:
 *   str token, time lastRefreshAt, time expiresAt, str callId, varlong cseq, varint status,
 *   varint lastStatusCode, str lastError, count serviceRoute + str*, count headers + (str name, str value)*
 * </pre>
 * Version 2 adds, after each binding's user agent: u8 hasUpstream, then if 1 the same
 * upstream fields as above (a binding's own upstream registration, contact and mirror modes).
 * Version 3 (current) adds, after each upstream state's headers (the AOR's and the bindings'):
 * str target, the upstream target that holds the registration (empty when unknown; versions 1
 * and 2 decode with an empty target).
 * Times are delta-coded against the previous time in the record; strings are packed (see
 * {@link StringPacking}). The record must end exactly after the last field.
 */
public final class RecordCodec {

    /** The format version this release writes. */
    public static final int CURRENT_VERSION = 3;

    /** Encodes {@code record} into {@code out} (which is reset first). */
    void encode(AorRecord record, ByteWriter out) {
        out.reset();
        out.writeByte(CURRENT_VERSION);
        List<Binding> bindings = record.bindings();
        out.writeVarInt(bindings.size());
        for (int i = 0, n = bindings.size(); i < n; i++) {
            writeBinding(bindings.get(i), out);
        }
        UpstreamState up = record.upstream();
        if (up == null) {
            out.writeByte(0);
        } else {
            out.writeByte(1);
            writeUpstream(up, out);
        }
    }

    /** Encodes {@code record} into a new array (for tools and tests; the store reuses buffers). */
    public byte[] encode(AorRecord record) {
        ByteWriter out = new ByteWriter(256);
        encode(record, out);
        return out.toByteArray();
    }

    /**
     * Decodes a record of any supported version.
     *
     * @throws MalformedRecordException if the bytes are not a valid record
     */
    AorRecord decode(byte[] buf, int offset, int length) {
        ByteReader in = new ByteReader(buf, offset, length);
        int version = in.readByte();
        AorRecord record;
        switch (version) {
            case 1:
            case 2:
            case 3:
                record = decode(in, version);
                break;
            default:
                throw new MalformedRecordException("unknown record format version " + version
                        + " (this release reads 1.." + CURRENT_VERSION + ")");
        }
        if (!in.atEnd()) {
            throw new MalformedRecordException(in.remaining() + " unexpected bytes after the record");
        }
        return record;
    }

    /** Decodes a whole array; see {@link #decode(byte[], int, int)}. */
    public AorRecord decode(byte[] encoded) {
        try {
            return decode(encoded, 0, encoded.length);
        } catch (MalformedRecordException e) {
            throw new IllegalArgumentException("not a valid record: " + e.getMessage(), e);
        }
    }

    /**
     * Reads only the due times of a record into {@code out}, still checking its whole structure.
     * The index rebuild at open runs this over every record, so it builds no strings.
     *
     * @throws MalformedRecordException if the bytes are not a valid record
     */
    void summarize(byte[] buf, int offset, int length, ExpirySummary out) {
        ByteReader in = new ByteReader(buf, offset, length);
        int version = in.readByte();
        if (version < 1 || version > 3) {
            throw new MalformedRecordException("unknown record format version " + version
                    + " (this release reads 1.." + CURRENT_VERSION + ")");
        }
        long earliest = Long.MAX_VALUE;
        long earliestBindingUpstream = Long.MAX_VALUE;
        int count = in.readCount();
        for (int i = 0; i < count; i++) {
            in.skipRequiredString("contact");
            in.skipString(); // instance
            inRange(in.readVarInt(), 0, Integer.MAX_VALUE, "regId");
            in.skipRequiredString("receivedHost");
            inRange(in.readVarInt(), 0, 65535, "receivedPort");
            in.skipRequiredString("transport");
            in.skipString(); // flow id
            int pathCount = in.readCount();
            for (int p = 0; p < pathCount; p++) {
                in.skipRequiredString("path");
            }
            in.skipRequiredString("callId");
            inRange(in.readVarLong(), 0, Long.MAX_VALUE, "cseq");
            in.readTime(); // registered
            in.readTime(); // last seen
            long expires = in.readTime();
            if (expires > 0 && expires < earliest) {
                earliest = expires;
            }
            inRange(in.readVarInt() - 1, Binding.NO_Q, 1000, "qMillis");
            in.skipString(); // user agent
            if (version >= 2) {
                int marker = in.readByte();
                if (marker == 1) {
                    long up = skipUpstream(in, version);
                    if (up > 0 && up < earliestBindingUpstream) {
                        earliestBindingUpstream = up;
                    }
                } else if (marker != 0) {
                    throw new MalformedRecordException("bad binding upstream marker " + marker);
                }
            }
        }
        long upstream = Long.MAX_VALUE;
        int hasUpstream = in.readByte();
        if (hasUpstream == 1) {
            long expires = skipUpstream(in, version);
            if (expires > 0) {
                upstream = expires;
            }
        } else if (hasUpstream != 0) {
            throw new MalformedRecordException("bad upstream marker " + hasUpstream);
        }
        if (!in.atEnd()) {
            throw new MalformedRecordException(in.remaining() + " unexpected bytes after the record");
        }
        out.earliestBindingExpiry = earliest;
        out.upstreamExpiry = Math.min(upstream, earliestBindingUpstream);
    }

    /** Reads past an upstream state (keeping the time deltas in step) and returns its expiry. */
    private static long skipUpstream(ByteReader in, int version) {
        in.skipRequiredString("token");
        in.readTime(); // last refresh
        long expires = in.readTime();
        in.skipRequiredString("upstream callId");
        inRange(in.readVarLong(), 0, Long.MAX_VALUE, "upstream cseq");
        if (UpstreamStatus.fromCode(in.readVarInt()) == null) {
            throw new MalformedRecordException("unknown upstream status code");
        }
        inRange(in.readVarInt(), 0, 999, "lastStatusCode");
        in.skipString(); // last error
        int routes = in.readCount();
        for (int r = 0; r < routes; r++) {
            in.skipRequiredString("Service-Route");
        }
        int headers = in.readCount();
        for (int h = 0; h < headers; h++) {
            in.skipRequiredString("header name");
            in.skipRequiredString("header value");
        }
        if (version >= 3) {
            in.skipString(); // target
        }
        return expires;
    }

    /**
     * The range checks of {@link Binding}'s and {@link UpstreamState}'s constructors, for
     * {@link #summarize}, which builds neither: a record the index accepts at open must be one
     * that every later read can decode.
     */
    private static void inRange(long value, long min, long max, String field) {
        if (value < min || value > max) {
            throw new MalformedRecordException(field + " out of range: " + value);
        }
    }

    /** Mutable holder for {@link #summarize}, reused across records. */
    static final class ExpirySummary {
        long earliestBindingExpiry;
        long upstreamExpiry;
    }

    private static void writeBinding(Binding b, ByteWriter out) {
        out.writeString(b.contactUri());
        out.writeString(b.instanceId());
        out.writeVarInt(b.regId());
        out.writeString(b.receivedHost());
        out.writeVarInt(b.receivedPort());
        out.writeString(b.transport());
        out.writeString(b.flowId());
        List<String> path = b.path();
        out.writeVarInt(path.size());
        for (int i = 0, n = path.size(); i < n; i++) {
            out.writeString(path.get(i));
        }
        out.writeString(b.callId());
        out.writeVarLong(b.cseq());
        out.writeTime(b.registeredAt());
        out.writeTime(b.lastSeenAt());
        out.writeTime(b.expiresAt());
        out.writeVarInt(b.qMillis() + 1);
        out.writeString(b.userAgent());
        UpstreamState up = b.upstream();
        if (up == null) {
            out.writeByte(0);
        } else {
            out.writeByte(1);
            writeUpstream(up, out);
        }
    }

    private static void writeUpstream(UpstreamState up, ByteWriter out) {
        out.writeString(up.token());
        out.writeTime(up.lastRefreshAt());
        out.writeTime(up.expiresAt());
        out.writeString(up.callId());
        out.writeVarLong(up.cseq());
        out.writeVarInt(up.status().code());
        out.writeVarInt(up.lastStatusCode());
        out.writeString(up.lastError());
        List<String> routes = up.serviceRoute();
        out.writeVarInt(routes.size());
        for (int i = 0, n = routes.size(); i < n; i++) {
            out.writeString(routes.get(i));
        }
        List<HeaderField> headers = up.replayHeaders();
        out.writeVarInt(headers.size());
        for (int i = 0, n = headers.size(); i < n; i++) {
            out.writeString(headers.get(i).name());
            out.writeString(headers.get(i).value());
        }
        out.writeString(up.target());
    }

    private static AorRecord decode(ByteReader in, int version) {
        int count = in.readCount();
        List<Binding> bindings = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            bindings.add(readBinding(in, version));
        }
        int hasUpstream = in.readByte();
        UpstreamState up;
        if (hasUpstream == 0) {
            up = null;
        } else if (hasUpstream == 1) {
            up = readUpstream(in, version);
        } else {
            throw new MalformedRecordException("bad upstream marker " + hasUpstream);
        }
        return new AorRecord(bindings, up);
    }

    /** A binding, with (version 2 on) its upstream state read before it is built: one object, not two. */
    private static Binding readBinding(ByteReader in, int version) {
        try {
            String contact = required(in.readString(), "contact");
            String instance = in.readString();
            int regId = in.readVarInt();
            String host = required(in.readString(), "receivedHost");
            int port = in.readVarInt();
            String transport = required(in.readString(), "transport");
            String flowId = in.readString();
            int pathCount = in.readCount();
            List<String> path = pathCount == 0 ? List.of() : new ArrayList<>(pathCount);
            for (int i = 0; i < pathCount; i++) {
                path.add(required(in.readString(), "path"));
            }
            String callId = required(in.readString(), "callId");
            long cseq = in.readVarLong();
            long registeredAt = in.readTime();
            long lastSeenAt = in.readTime();
            long expiresAt = in.readTime();
            int q = in.readVarInt() - 1;
            String userAgent = in.readString();
            UpstreamState upstream = version >= 2 ? readOptionalUpstream(in, version) : null;
            return new Binding(contact, instance, regId, host, port, transport, flowId, path, callId, cseq,
                    expiresAt, q, userAgent, registeredAt, lastSeenAt, upstream);
        } catch (IllegalArgumentException e) {
            throw new MalformedRecordException("invalid binding: " + e.getMessage());
        }
    }

    private static UpstreamState readOptionalUpstream(ByteReader in, int version) {
        int marker = in.readByte();
        if (marker == 0) {
            return null;
        }
        if (marker != 1) {
            throw new MalformedRecordException("bad binding upstream marker " + marker);
        }
        return readUpstream(in, version);
    }

    private static UpstreamState readUpstream(ByteReader in, int version) {
        try {
            String token = required(in.readString(), "token");
            long lastRefreshAt = in.readTime();
            long expiresAt = in.readTime();
            String callId = required(in.readString(), "upstream callId");
            long cseq = in.readVarLong();
            int statusCode = in.readVarInt();
            UpstreamStatus status = UpstreamStatus.fromCode(statusCode);
            if (status == null) {
                throw new MalformedRecordException("unknown upstream status code " + statusCode);
            }
            int lastStatus = in.readVarInt();
            String lastError = in.readString();
            int routeCount = in.readCount();
            List<String> routes = new ArrayList<>(routeCount);
            for (int i = 0; i < routeCount; i++) {
                routes.add(required(in.readString(), "Service-Route"));
            }
            int headerCount = in.readCount();
            List<HeaderField> headers = new ArrayList<>(headerCount);
            for (int i = 0; i < headerCount; i++) {
                headers.add(new HeaderField(required(in.readString(), "header name"),
                        required(in.readString(), "header value")));
            }
            String target = version >= 3 ? in.readString() : "";
            return new UpstreamState(token, expiresAt, lastRefreshAt, callId, cseq, status, lastStatus, lastError,
                    routes, headers, target);
        } catch (IllegalArgumentException e) {
            throw new MalformedRecordException("invalid upstream state: " + e.getMessage());
        }
    }

    private static String required(String s, String field) {
        if (s == null) {
            throw new MalformedRecordException(field + " missing");
        }
        return s;
    }
}
