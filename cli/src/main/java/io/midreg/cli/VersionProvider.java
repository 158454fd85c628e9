package io.midreg.cli;

import picocli.CommandLine.IVersionProvider;

/** Version from the jar manifest, or "development" when run from classes. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = MidregCommand.class.getPackage().getImplementationVersion();
        return new String[] {"midreg " + (v == null ? "development" : v)};
    }
}
