package io.midreg.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Turns the {@code admin:} section into checked settings: the listen address and the token rule. */
final class AdminConfigs {
    private AdminConfigs() {
    }

    static AdminSettings admin(MidregConfig c, ConfigErrors errors) {
        AdminSection a = c.admin() == null ? new AdminSection(null, null, null) : c.admin();
        InetSocketAddress listen = listen(a.listen() == null ? AdminSettings.DEFAULT_LISTEN : a.listen(), errors);
        String token = blankToNull(a.token());
        if (a.tokenFile() != null && !a.tokenFile().isBlank()) {
            if (token != null) {
                errors.add(List.of("admin", "tokenFile"), "cannot be used together with admin.token (give one of them)");
                return null;
            }
            try {
                token = blankToNull(Files.readString(Path.of(a.tokenFile())).strip());
                if (token == null) errors.add(List.of("admin", "tokenFile"), "'" + a.tokenFile() + "' is empty");
            } catch (IOException | RuntimeException e) {
                errors.add(List.of("admin", "tokenFile"), "cannot read '" + a.tokenFile() + "': " + e.getMessage());
                return null;
            }
        }
        if (token != null && token.length() < 16) {
            errors.add(List.of("admin", a.token() != null ? "token" : "tokenFile"), "must be at least 16 characters");
            return null;
        }
        if (listen == null) return null;
        if (!listen.getAddress().isLoopbackAddress() && token == null) {
            errors.add(List.of("admin", "token"), "is required when admin.listen is not a loopback address ("
                    + listen.getAddress().getHostAddress() + "): anyone who can reach it could remove bindings");
            return null;
        }
        return new AdminSettings(listen, token);
    }

    private static InetSocketAddress listen(String value, ConfigErrors errors) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0) {
            errors.add(List.of("admin", "listen"), "must be host:port, not '" + value + "'");
            return null;
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            errors.add(List.of("admin", "listen"), "port must be within 0..65535, in '" + value + "'");
            return null;
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            errors.add(List.of("admin", "listen"), "cannot resolve '" + host + "'");
            return null;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
