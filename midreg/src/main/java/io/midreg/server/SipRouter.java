package io.midreg.server;

import io.midreg.registrar.RegistrarService;
import io.midreg.sip.message.HeaderName;
import io.midreg.sip.syntax.SipMethods;
import io.midreg.sip.transaction.ServerTransaction;
import io.midreg.sip.transaction.ServerTransactionUser;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Sends each new request to the part of midreg that owns it: REGISTER to the registrar, OPTIONS
 * answered here (keep-alives and health probes); other methods get 501 until the proxy lands.
 * While midreg stops, new requests are left unanswered: a device's retransmissions reach the
 * instance that comes up next, where a 503 would make many phones report a failure.
 */
final class SipRouter implements ServerTransactionUser {
    static final String ALLOW = "OPTIONS, REGISTER";

    private final Supplier<RegistrarService> registrar;
    private final BooleanSupplier draining;

    SipRouter(Supplier<RegistrarService> registrar, BooleanSupplier draining) {
        this.registrar = registrar;
        this.draining = draining;
    }

    @Override
    public void onNewRequest(ServerTransaction tx) {
        if (draining.getAsBoolean()) return;
        String m = tx.request().method();
        if (SipMethods.REGISTER.equals(m)) {
            RegistrarService r = registrar.get();
            if (r == null) {
                tx.sendResponse(tx.newResponse(503, "Service Unavailable (starting)").header("Retry-After", "5").toBytes());
            } else {
                r.onRegister(tx);
            }
        } else if (SipMethods.OPTIONS.equals(m)) {
            tx.sendResponse(tx.newResponse(200, "OK").header(HeaderName.ALLOW, ALLOW).header("Accept", "application/sdp").toBytes());
        } else {
            tx.sendResponse(tx.newResponse(501, "Not Implemented").header(HeaderName.ALLOW, ALLOW).toBytes());
        }
    }
}
