package io.midreg.admin;

import io.midreg.upstream.targets.TargetView;
import io.midreg.upstream.targets.UpstreamRoute;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The upstream targets (upstream.targets or upstream.domain), each with its pacer's figures, as the admin API shows them. */
final class TargetsJson {
    private TargetsJson() {
    }

    /** One entry per target, in the route's order (best priority first). */
    static List<Map<String, Object>> of(UpstreamRoute route, long now) {
        List<Map<String, Object>> targets = new ArrayList<>();
        for (TargetView t : route.targets(now)) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("name", t.name());
            v.put("address", t.address());
            v.put("priority", t.priority());
            v.put("weight", t.weight());
            v.put("available", t.available());
            v.put("active", t.active());
            v.put("sent", t.sent());
            v.put("queued", t.queued());
            v.put("pacedRejects", t.rejected());
            targets.add(v);
        }
        return targets;
    }
}
