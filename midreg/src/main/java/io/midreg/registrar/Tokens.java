package io.midreg.registrar;

import io.midreg.upstream.ContactToken;

/** The tokens of midreg's upstream Contacts: one per device binding, or one per AOR in aor mode. */
public final class Tokens {
    private final ContactToken codec;

    public Tokens(ContactToken codec) {
        this.codec = codec;
    }

    public String forBinding(String aor, String bindingKey) {
        return codec.encode(aor, bindingKey);
    }

    public String forAor(String aor) {
        return codec.encode(aor, "");
    }

    ContactToken codec() {
        return codec;
    }
}
