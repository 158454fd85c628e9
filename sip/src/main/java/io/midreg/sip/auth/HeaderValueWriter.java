package io.midreg.sip.auth;

/** Builds {@code scheme name=value, name="value"} header values, quoting and escaping as needed. */
final class HeaderValueWriter {

    private final StringBuilder out = new StringBuilder(256);
    private boolean firstParam = true;

    HeaderValueWriter(String scheme) {
        out.append(scheme).append(' ');
    }

    HeaderValueWriter param(AuthParam param) {
        return param.quoted() ? quoted(param.name(), param.value()) : token(param.name(), param.value());
    }

    /** {@code name="value"}, escaping '"' and '\'. Skipped when value is null. */
    HeaderValueWriter quoted(String name, String value) {
        if (value == null) {
            return this;
        }
        separator().append(name).append("=\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        out.append('"');
        return this;
    }

    /** {@code name=value}; falls back to a quoted-string if the value is not a token. Skipped when value is null. */
    HeaderValueWriter token(String name, String value) {
        if (value == null) {
            return this;
        }
        if (!AuthParam.isToken(value)) {
            return quoted(name, value);
        }
        separator().append(name).append('=').append(value);
        return this;
    }

    private StringBuilder separator() {
        if (!firstParam) {
            out.append(", ");
        }
        firstParam = false;
        return out;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
