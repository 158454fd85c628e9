package io.midreg.proxy;

import io.midreg.proxy.dialog.Dialog;
import io.midreg.proxy.dialog.DialogKey;
import io.midreg.proxy.dialog.DialogTable;
import io.midreg.proxy.dialog.Direction;
import io.midreg.proxy.dialog.EndReason;
import io.midreg.sip.message.SipResponse;
import io.midreg.sip.transaction.ClientTransaction;
import io.midreg.sip.transaction.ClientTransactionListener;
import io.midreg.sip.transaction.ServerTransaction;
import io.midreg.sip.transport.TransportProtocol;
import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * Carries one forked INVITE's progress into the {@link DialogTable}: each branch's provisional
 * answer makes the call early, its 2xx confirms it (with the device that answered), and the fork
 * ending without a 2xx ends the call — cancelled by the caller, timer C, or rejected. The table
 * learns of an answer before the answer goes on to the caller, so what the caller sees is never
 * ahead of what {@code midreg calls} shows.
 */
final class DialogProgress {
    /** Seconds a caller refused for a full call table is asked to wait. */
    private static final String RETRY_AFTER_FULL = "5";

    private final DialogTable table;
    private final Dialog dialog;
    private volatile ForkedCall call;

    DialogProgress(DialogTable table, Dialog dialog) {
        this.table = table;
        this.dialog = dialog;
    }

    /**
     * The call table's entry for the INVITE of {@code tx}, about to go on, and what feeds it; null
     * when the table is full, and then the caller has its 503 with Retry-After (RFC 3261 §21.5.4).
     *
     * @param device   the binding's key when one device is called or calls, else null
     * @param upstream the upstream side: where the INVITE came from, or the target it goes to
     */
    static DialogProgress start(DialogTable table, ServerTransaction tx, DialogKey key, Direction direction, String aor, String device,
                                TransportProtocol protocol, InetSocketAddress upstream) {
        String callerTag;
        try {
            callerTag = tx.request().from().tag();
        } catch (RuntimeException malformed) {
            callerTag = null;
        }
        String where = protocol.viaToken().toLowerCase(Locale.ROOT) + ":" + upstream.getAddress().getHostAddress() + ":" + upstream.getPort();
        Dialog d = table.create(key, direction, aor, device, where, callerTag);
        if (d == null) {
            tx.sendResponse(tx.newResponse(503, "Service Unavailable (too many calls)").header("Retry-After", RETRY_AFTER_FULL).toBytes());
            return null;
        }
        return new DialogProgress(table, d);
    }

    /** The fork whose end this reports (set once it is built, before it starts). */
    void of(ForkedCall forked) {
        this.call = forked;
    }

    /**
     * {@code listener} of the branch to {@code device} (a binding's key, or null for the upstream),
     * reporting to the table first; every other event goes to {@code listener} unchanged (each
     * method of {@link ClientTransactionListener}, its defaults included, is forwarded).
     */
    ClientTransactionListener branch(ClientTransactionListener listener, String device) {
        return new ClientTransactionListener() {
            @Override
            public void onResponse(ClientTransaction tx, SipResponse response) {
                int status = response.status();
                if (status > 100 && status < 200) table.provisional(dialog, tag(response));
                else if (status >= 200 && status < 300) table.answered(dialog, tag(response), device);
                listener.onResponse(tx, response);
            }

            @Override
            public void onLater2xx(ClientTransaction tx, SipResponse response) {
                listener.onLater2xx(tx, response);
            }

            @Override
            public void onTimeout(ClientTransaction tx) {
                listener.onTimeout(tx);
            }

            @Override
            public void onCancelledWithoutAnswer(ClientTransaction tx) {
                listener.onCancelledWithoutAnswer(tx);
            }

            @Override
            public void onTransportError(ClientTransaction tx, Throwable cause) {
                listener.onTransportError(tx, cause);
            }
        };
    }

    /** Every branch ended: unless a 2xx confirmed the call, it is over. */
    void completed() {
        ForkedCall c = call;
        EndReason why = c != null && c.callerCancelled() ? EndReason.CANCELLED
                : c != null && c.timerCFired() ? EndReason.TIMER_C : EndReason.REJECTED;
        table.unanswered(dialog, why);
    }

    private static String tag(SipResponse response) {
        try {
            return response.to().tag();
        } catch (RuntimeException malformed) {
            return null;
        }
    }
}
