package io.midreg.sip.header;

/** qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ), kept as thousandths. */
public final class QValue {
    private QValue() {
    }

    public static int parse(String v) {
        int n = v.length();
        if (n == 0 || (v.charAt(0) != '0' && v.charAt(0) != '1')) throw bad();
        int whole = v.charAt(0) - '0';
        int frac = 0;
        if (n > 1) {
            if (v.charAt(1) != '.' || n > 5) throw bad();
            int scale = 100;
            for (int i = 2; i < n; i++) {
                char c = v.charAt(i);
                if (c < '0' || c > '9') throw bad();
                frac += (c - '0') * scale;
                scale /= 10;
            }
        }
        int q = whole * 1000 + frac;
        if (q > 1000) throw bad();
        return q;
    }

    public static String format(int thousandths) {
        if (thousandths >= 1000) return "1";
        String f = String.format("%03d", thousandths);
        while (f.endsWith("0") && f.length() > 1) f = f.substring(0, f.length() - 1);
        return "0." + f;
    }

    private static InvalidHeaderException bad() {
        return new InvalidHeaderException("Contact", "bad q value");
    }
}
