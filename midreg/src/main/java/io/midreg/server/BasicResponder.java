package io.midreg.server;

import io.midreg.sip.message.HeaderName;
import io.midreg.sip.message.SipMethods;
import io.midreg.sip.transaction.ServerTransaction;
import io.midreg.sip.transaction.ServerTransactionUser;

/**
 * What midreg answers before the registrar and proxy are in place: OPTIONS (a keep-alive or
 * health probe) gets 200 with what midreg allows; every other method gets 501.
 */
final class BasicResponder implements ServerTransactionUser {
    static final String ALLOW = "OPTIONS, REGISTER, INVITE, ACK, CANCEL, BYE";

    @Override
    public void onNewRequest(ServerTransaction tx) {
        if (SipMethods.OPTIONS.equals(tx.request().method())) {
            tx.sendResponse(tx.newResponse(200, "OK").header(HeaderName.ALLOW, ALLOW).header("Accept", "application/sdp").toBytes());
        } else {
            tx.sendResponse(tx.newResponse(501, "Not Implemented").header(HeaderName.ALLOW, "OPTIONS").toBytes());
        }
    }
}
