package io.midreg.cli.top;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * {@code GET /api/stats} of a running instance's admin API, with its bearer token. Kept minimal
 * and local to the live view so it stands alone; errors say which of "cannot reach" and "refused"
 * happened, because they need different fixes.
 */
public final class StatsClient {
    private final HttpClient http;
    private final URI stats;
    private final String token;

    /**
     * @param admin base URL of the admin API, e.g. {@code http://127.0.0.1:9070}
     * @param token bearer token, or null/empty for none
     * @throws IllegalArgumentException when {@code admin} is not an http(s) URL
     */
    public StatsClient(String admin, String token) {
        URI base;
        try {
            base = URI.create(admin.endsWith("/") ? admin : admin + "/");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an http(s) URL: " + admin);
        }
        if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme()) || base.getHost() == null) {
            throw new IllegalArgumentException("not an http(s) URL: " + admin);
        }
        this.stats = base.resolve("api/stats");
        this.token = token == null || token.isBlank() ? null : token.trim();
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    public URI uri() {
        return stats;
    }

    /** The stats body. */
    public String fetch() throws Unreachable, Refused {
        HttpRequest.Builder req = HttpRequest.newBuilder(stats).timeout(Duration.ofSeconds(3)).header("Accept", "application/json").GET();
        if (token != null) req.header("Authorization", "Bearer " + token);
        HttpResponse<String> r;
        try {
            r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new Unreachable("cannot connect to " + stats.getAuthority() + " (is midreg running, with its admin API there?)");
        } catch (HttpTimeoutException e) {
            throw new Unreachable("no answer from " + stats.getAuthority() + " within 3 s");
        } catch (IOException e) {
            throw new Unreachable("cannot reach " + stats.getAuthority() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted");
        }
        if (r.statusCode() == 200) return r.body();
        String why = r.statusCode() == 401 || r.statusCode() == 403 ? " (give the admin token with --token or MIDREG_ADMIN_TOKEN)" : "";
        throw new Refused("the admin API answered HTTP " + r.statusCode() + errorOf(r.body()) + why);
    }

    /** The {@code error} of a JSON error body, else nothing. */
    private static String errorOf(String body) {
        try {
            tools.jackson.databind.JsonNode n = tools.jackson.databind.json.JsonMapper.shared().readTree(body);
            String e = n == null ? null : n.path("error").asString(null);
            return e == null ? "" : ": " + e;
        } catch (RuntimeException notJson) {
            return "";
        }
    }

    /** The admin API could not be reached (nothing listening, timed out). */
    public static final class Unreachable extends Exception {
        public Unreachable(String message) {
            super(message);
        }
    }

    /** The admin API answered, but not with the stats (wrong token, error). */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }
}
