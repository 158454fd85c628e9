package io.midreg.registrar;

import io.midreg.sip.header.QValue;
import io.midreg.sip.message.HeaderName;
import io.midreg.sip.message.ResponseBuilder;
import io.midreg.sip.transaction.ServerTransaction;
import io.midreg.store.AorRecord;
import io.midreg.store.Binding;
import io.midreg.store.HeaderField;
import io.midreg.store.UpstreamState;

/**
 * The registrar's answers to devices. A 200 lists every current binding of the AOR with its
 * remaining device-side lifetime (RFC 3261 §10.3 step 8) — never the upstream one — and replays
 * the P-Associated-URI the upstream gave. Not its Service-Route (RFC 3608): midreg is the device's
 * registrar and first hop, and applies the stored route itself to the device's requests
 * (the proxy's {@code TowardsUpstream}); a device that pre-loaded it would try to reach hops
 * behind midreg, perhaps unreachable from its network, and a 200 answered from the store carries
 * the same (no) route as one after an upstream answer. No Expires header, so nothing
 * contradicts the per-contact values (phones that read the header instead would refresh at the
 * wrong interval; reported against OpenSIPS's mid_registrar).
 */
public final class RegistrarResponses {
    private RegistrarResponses() {
    }

    public static byte[] ok(ServerTransaction tx, AorRecord record, long now) {
        return okBuilder(tx, record, now).toBytes();
    }

    /** The 200 as a builder, for writing straight into the transport's buffer. */
    static ResponseBuilder okBuilder(ServerTransaction tx, AorRecord record, long now) {
        ResponseBuilder b = tx.newResponse(200, "OK");
        UpstreamState replay = null;
        if (record != null) {
            for (Binding bd : record.bindings()) {
                long left = (bd.expiresAt() - now + 999) / 1000;
                if (left <= 0) continue;
                StringBuilder c = new StringBuilder(bd.contactUri().length() + 48).append('<').append(bd.contactUri()).append(">;expires=").append(left);
                if (bd.qMillis() >= 0) c.append(";q=").append(QValue.format(bd.qMillis()));
                if (bd.instanceId() != null) c.append(";+sip.instance=\"<").append(bd.instanceId()).append(">\"");
                if (bd.regId() > 0) c.append(";reg-id=").append(bd.regId());
                b.header(HeaderName.CONTACT, c.toString());
                if (bd.upstream() != null && (replay == null || bd.upstream().lastRefreshAt() > replay.lastRefreshAt())) replay = bd.upstream();
            }
            if (record.upstream() != null) replay = record.upstream();
        }
        if (replay != null) {
            for (HeaderField h : replay.replayHeaders()) b.header(h.name(), h.value());
        }
        return b;
    }

    public static byte[] reject(ServerTransaction tx, Rejection r) {
        ResponseBuilder b = tx.newResponse(r.status(), r.reason());
        for (String[] h : r.headers()) b.header(h[0], h[1]);
        return b.toBytes();
    }
}
