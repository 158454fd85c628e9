package io.midreg.cli;

import io.midreg.config.AdminSettings;
import io.midreg.config.ConfigException;
import io.midreg.config.LoadedConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where a client command finds the admin API: {@code --admin URL}, or the {@code admin:}
 * section of {@code -c CONFIG}, or http://127.0.0.1:9070; the token from {@code --token},
 * {@code MIDREG_ADMIN_TOKEN} or the config.
 */
public final class AdminClientOptions {
    static final String DEFAULT_URL = "http://127.0.0.1:9070";
    static final String TOKEN_ENV = "MIDREG_ADMIN_TOKEN";

    @Option(names = "--admin", paramLabel = "URL", description = "Admin API of the running midreg (default: from -c, else " + DEFAULT_URL + ").")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Bearer token (default: $" + TOKEN_ENV + ", else admin.token of -c).")
    String token;

    @Option(names = {"-c", "--config"}, paramLabel = "CONFIG", description = "Config file of the running midreg, to find its admin API and token.")
    Path config;

    /** A client for the chosen API. @throws ConfigException when {@code -c} names a bad config */
    public AdminClient client() throws ConfigException {
        String u = url;
        String t = token != null ? token : System.getenv(TOKEN_ENV);
        if (config != null && (u == null || t == null)) {
            AdminSettings a = LoadedConfig.load(config).admin();
            if (u == null) u = urlOf(a.listen());
            if (t == null) t = a.token();
        }
        if (u == null) u = DEFAULT_URL;
        return new AdminClient(u.endsWith("/") ? u.substring(0, u.length() - 1) : u, t);
    }

    private static String urlOf(InetSocketAddress listen) {
        String host = listen.getAddress().isAnyLocalAddress() ? "127.0.0.1" : listen.getAddress().getHostAddress();
        return "http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + listen.getPort();
    }
}
