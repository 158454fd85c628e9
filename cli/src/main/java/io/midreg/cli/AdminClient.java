package io.midreg.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A small client of midreg's admin HTTP API (java.net.http). */
public final class AdminClient {
    private static final Duration CONNECT = Duration.ofSeconds(5);
    /** Operator actions wait for the upstream's answer (at most one transaction, 32 s). */
    private static final Duration REQUEST = Duration.ofSeconds(60);

    private final String baseUrl;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT).build();

    public AdminClient(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** @param status HTTP status; @param body the response body (JSON, or text for /metrics) */
    public record Response(int status, String body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** The admin API did not answer (not running, wrong address, firewall). */
    public static final class UnreachableException extends Exception {
        UnreachableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public Response get(String path) throws UnreachableException {
        return send("GET", path, null);
    }

    public Response post(String path, String jsonBody) throws UnreachableException {
        return send("POST", path, jsonBody);
    }

    public Response delete(String path) throws UnreachableException {
        return send("DELETE", path, null);
    }

    /** One path segment, percent-encoded (an AOR such as sip:alice@example.com). */
    public static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public static String query(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private Response send(String method, String path, String body) throws UnreachableException {
        HttpRequest.Builder b;
        try {
            b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(REQUEST);
        } catch (IllegalArgumentException e) {
            throw new UnreachableException("bad admin URL '" + baseUrl + "': " + e.getMessage(), e);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/json");
        if (token != null && !token.isBlank()) b.header("Authorization", "Bearer " + token);
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(r.statusCode(), r.body());
        } catch (java.net.ConnectException e) {
            throw new UnreachableException("connection refused", e);
        } catch (java.net.http.HttpTimeoutException e) {
            throw new UnreachableException("no answer in time", e);
        } catch (IOException e) {
            throw new UnreachableException(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnreachableException("interrupted", e);
        }
    }
}
