package io.midreg.testing;

/** How the test registrar answers REGISTER; switchable while it runs. */
public enum RegistrarMode {
    /** Registrar semantics: challenge when auth is on, then save and answer 200 (or 423 ...). */
    NORMAL("normal"),
    /** Every REGISTER gets 403 Forbidden. */
    REJECT_403("reject403"),
    /** Every REGISTER gets 503 Service Unavailable with a Retry-After. */
    UNAVAILABLE_503("unavailable503"),
    /** Every REGISTER is dropped without an answer, so the sender times out. */
    DROP("drop");

    private final String configValue;

    RegistrarMode(String configValue) {
        this.configValue = configValue;
    }

    /** The value registrar.cfg expects in {@code $sht(behaviour=>mode)}. */
    public String configValue() {
        return configValue;
    }
}
