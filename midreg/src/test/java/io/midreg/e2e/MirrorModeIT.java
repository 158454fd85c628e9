package io.midreg.e2e;

/** mirror mode: every REGISTER goes upstream (Contacts rewritten); nothing is absorbed. */
class MirrorModeIT extends RegistrarEndToEnd {
    @Override
    String mode() {
        return "mirror";
    }

    /** SIPp sends each refresh without credentials: Kamailio challenges it and SIPp answers, so 2 each. */
    @Override
    long upstreamRegistersFor20Refreshes() {
        return 40;
    }
}
