package io.midreg.proxy.dialog;

/** Which way a call went through midreg when it was set up. */
public enum Direction {
    /** From the upstream (a PBX, a trusted source) to a registered device. */
    TO_DEVICE("to-device"),
    /** From a registered device to the upstream holding its AOR. */
    FROM_DEVICE("from-device");

    private final String label;

    Direction(String label) {
        this.label = label;
    }

    /** As the admin API and the CLI show it. */
    public String label() {
        return label;
    }
}
