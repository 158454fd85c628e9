package io.midreg.sip.transaction;

/** Reads the status code from an encoded response without parsing the rest. */
final class ResponseStatus {
    private ResponseStatus() {
    }

    /** The status code of {@code "SIP/2.0 NNN ..."}; IllegalArgumentException when {@code response} is no response. */
    static int of(byte[] response) {
        int p = 0;
        while (p < response.length && (response[p] == '\r' || response[p] == '\n')) p++;
        if (response.length - p < 12 || response[p] != 'S' || response[p + 1] != 'I' || response[p + 2] != 'P') {
            throw new IllegalArgumentException("not a SIP response");
        }
        while (p < response.length && response[p] != ' ') p++;
        int status = 0;
        for (int i = 1; i <= 3; i++) {
            int k = p + i;
            if (k >= response.length || response[k] < '0' || response[k] > '9') throw new IllegalArgumentException("no status code");
            status = status * 10 + (response[k] - '0');
        }
        if (status < 100 || status > 699) throw new IllegalArgumentException("status " + status);
        return status;
    }
}
