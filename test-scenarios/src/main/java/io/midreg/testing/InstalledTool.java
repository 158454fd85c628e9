package io.midreg.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the executables of the real peers the tests drive. A missing one is an error that says
 * what to install: tests never skip for want of a tool.
 */
public final class InstalledTool {
    /** Debian puts daemons (kamailio, kamcmd) in sbin, which a non-root PATH often lacks. */
    private static final List<String> SYSTEM_DIRS = List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin");

    private InstalledTool() {
    }

    /** The path of {@code command}, installed by the Debian package {@code debianPackage}. */
    public static Path require(String command, String debianPackage) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(SYSTEM_DIRS);
        for (String dir : dirs) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, command);
            if (Files.isExecutable(p)) return p;
        }
        throw new IllegalStateException(command + " is not installed: run test-scenarios/install-test-deps.sh (Debian package "
                + debianPackage + ")");
    }
}
