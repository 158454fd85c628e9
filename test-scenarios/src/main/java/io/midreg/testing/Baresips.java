package io.midreg.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The baresip softphones of one test ({@code @RegisterExtension}): each started for the test,
 * stopped by PID after it; when the test failed, each one's log is kept in
 * {@code target/baresip-logs/} (named after the test) before its temp dir goes.
 */
public final class Baresips implements AfterTestExecutionCallback, AfterEachCallback {
    private static final Path LOGS = Path.of("target", "baresip-logs");
    private final List<Baresip> started = new ArrayList<>();

    /** Starts one (see {@link Baresip#start}); it is stopped after the test. */
    public Baresip start(InetSocketAddress outbound, String user, String domain, String password, int regintSeconds) {
        Baresip b = Baresip.start(outbound, user, domain, password, regintSeconds);
        started.add(b);
        return b;
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (context.getExecutionException().isEmpty()) return;
        for (Baresip b : started) {
            Path file = LOGS.resolve(context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName() + "-"
                    + b.name().replace('@', '_') + "-" + b.pid() + ".log");
            try {
                b.saveLog(file);
                System.err.println("baresip log kept: " + file.toAbsolutePath());
            } catch (IOException e) {
                System.err.println("could not keep the baresip log in " + file + ": " + e);
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        for (int i = started.size() - 1; i >= 0; i--) started.get(i).close();
        started.clear();
    }
}
