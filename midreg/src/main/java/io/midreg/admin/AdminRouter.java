package io.midreg.admin;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Maps method and path to an {@link Endpoint}: {@code GET /api/bindings/{aor}}. A {@code {name}}
 * segment matches one percent-decoded path segment (so an AOR travels as
 * {@code sip%3Aalice%40example.com}). Unknown paths are 404, a known path with another method 405.
 */
final class AdminRouter {
    private record Route(String method, String[] segments, Endpoint endpoint) {
    }

    private final List<Route> routes = new ArrayList<>();

    AdminRouter add(String method, String pattern, Endpoint endpoint) {
        routes.add(new Route(method, split(pattern), endpoint));
        return this;
    }

    CompletableFuture<AdminResponse> route(AdminRequest request) {
        String[] raw = split(request.path());
        String[] segments = new String[raw.length];
        try {
            for (int i = 0; i < raw.length; i++) segments[i] = percentDecode(raw[i]);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(AdminResponse.error(400, "bad path: " + e.getMessage()));
        }
        Set<String> allowed = new LinkedHashSet<>();
        for (Route r : routes) {
            List<String> params = match(r.segments(), segments);
            if (params == null) continue;
            if (!r.method().equals(request.method())) {
                allowed.add(r.method());
                continue;
            }
            return r.endpoint().handle(request, params);
        }
        if (!allowed.isEmpty()) {
            return CompletableFuture.completedFuture(AdminResponse.error(405, request.method() + " not allowed on " + request.path()
                    + " (allowed: " + String.join(", ", allowed) + ")"));
        }
        return CompletableFuture.completedFuture(AdminResponse.error(404, "no such endpoint: " + request.path()));
    }

    private static List<String> match(String[] pattern, String[] path) {
        if (pattern.length != path.length) return null;
        List<String> params = new ArrayList<>(1);
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.startsWith("{") && p.endsWith("}")) {
                if (path[i].isEmpty()) return null;
                params.add(path[i]);
            } else if (!p.equals(path[i])) {
                return null;
            }
        }
        return params;
    }

    private static String[] split(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) p = p.substring(0, p.length() - 1);
        return p.isEmpty() ? new String[0] : p.split("/", -1);
    }

    /** RFC 3986 percent-decoding ('+' stays '+': this is a path, not a form). */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) return s;
        byte[] out = new byte[s.length()];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) throw new IllegalArgumentException("truncated %-escape in '" + s + "'");
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) throw new IllegalArgumentException("bad %-escape in '" + s + "'");
                out[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (n + b.length > out.length) out = java.util.Arrays.copyOf(out, out.length * 2 + b.length);
                System.arraycopy(b, 0, out, n, b.length);
                n += b.length;
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }
}
