package io.midreg.config;

import java.util.List;

/**
 * What a reload did: the settings it applied live, the changed settings that need a restart (not
 * applied), or why the new file was refused (nothing applied).
 */
public record ReloadOutcome(boolean ok, List<String> applied, List<String> needRestart, String error) {
    public ReloadOutcome {
        applied = List.copyOf(applied);
        needRestart = List.copyOf(needRestart);
    }

    public static ReloadOutcome failed(String error) {
        return new ReloadOutcome(false, List.of(), List.of(), error);
    }
}
