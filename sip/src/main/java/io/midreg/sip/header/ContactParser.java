package io.midreg.sip.header;

import io.midreg.sip.syntax.Ascii;
import java.util.ArrayList;
import java.util.List;

/** Contact = ( STAR / (contact-param *(COMMA contact-param)) ). */
public final class ContactParser {
    private ContactParser() {
    }

    public static void parseList(byte[] d, int start, int end, List<Contact> out) {
        int s = Ascii.skipLws(d, start, end);
        int e = Ascii.trimLwsEnd(d, s, end);
        if (e - s == 1 && d[s] == '*') {
            out.add(Contact.WILDCARD);
            return;
        }
        List<NameAddress> addrs = new ArrayList<>(2);
        NameAddressParser.parseList(d, s, e, "Contact", addrs);
        for (NameAddress a : addrs) out.add(new Contact(a));
    }
}
