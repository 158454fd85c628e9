package io.midreg.admin;

import io.midreg.proxy.dialog.Dialog;
import io.midreg.proxy.dialog.DialogTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/** {@code /api/calls}: the calls the proxy routes now, from its {@link DialogTable}. */
final class CallEndpoints {
    private final DialogTable dialogs;
    private final UnaryOperator<String> normalizeAor;
    private final LongSupplier clock;

    CallEndpoints(DialogTable dialogs, UnaryOperator<String> normalizeAor, LongSupplier clock) {
        this.dialogs = dialogs;
        this.normalizeAor = normalizeAor;
        this.clock = clock;
    }

    /** {@code GET /api/calls?aor=&limit=}: the oldest calls first, of one AOR when asked. */
    AdminResponse list(String aorParam, int limit) {
        String aor = aorParam == null || aorParam.isBlank() ? null : normalizeAor.apply(aorParam.strip());
        DialogTable.Page page = dialogs.list(aor, limit);
        long now = clock.getAsLong();
        List<Object> calls = new ArrayList<>(page.dialogs().size());
        for (Dialog d : page.dialogs()) calls.add(json(d, now));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", page.total());
        m.put("truncated", page.total() > calls.size());
        m.put("calls", calls);
        return AdminResponse.json(200, Json.bytes(m));
    }

    /** {@code GET /api/calls/{call-id}}: the call (one leg, or both when a PBX proxied it between two devices behind midreg). */
    AdminResponse show(String callId) {
        List<Dialog> found = dialogs.byCallId(callId);
        if (found.isEmpty()) return AdminResponse.error(404, "no call with Call-ID " + callId);
        long now = clock.getAsLong();
        List<Object> calls = new ArrayList<>(found.size());
        for (Dialog d : found) calls.add(json(d, now));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("callId", callId);
        m.put("calls", calls);
        return AdminResponse.json(200, Json.bytes(m));
    }

    static Map<String, Object> json(Dialog d, long now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("callId", d.callId());
        m.put("direction", d.direction().label());
        m.put("state", d.state().label());
        m.put("aor", d.aor());
        m.put("device", d.device());
        m.put("upstream", d.upstream());
        m.put("callerTag", d.callerTag());
        m.put("calleeTag", d.calleeTag());
        m.put("createdAt", Instant.ofEpochMilli(d.createdAt()).toString());
        m.put("answeredAt", d.answeredAt() == 0 ? null : Instant.ofEpochMilli(d.answeredAt()).toString());
        m.put("lastActivityAt", Instant.ofEpochMilli(d.lastActivityAt()).toString());
        m.put("ageSeconds", Math.max(0, (now - d.createdAt()) / 1000));
        m.put("expiresIn", Math.max(0, (d.expiresAt() - now) / 1000));
        return m;
    }
}
