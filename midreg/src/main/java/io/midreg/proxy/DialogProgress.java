package io.midreg.proxy;

import io.midreg.proxy.dialog.Dialog;
import io.midreg.proxy.dialog.DialogTable;
import io.midreg.proxy.dialog.EndReason;
import io.midreg.sip.message.SipResponse;
import io.midreg.sip.transaction.ClientTransaction;
import io.midreg.sip.transaction.ClientTransactionListener;

/**
 * Carries one forked INVITE's progress into the {@link DialogTable}: each branch's provisional
 * answer makes the call early, its 2xx confirms it (with the device that answered), and the fork
 * ending without a 2xx ends the call — cancelled by the caller, timer C, or rejected. The table
 * learns of an answer before the answer goes on to the caller, so what the caller sees is never
 * ahead of what {@code midreg calls} shows.
 */
final class DialogProgress {
    private final DialogTable table;
    private final Dialog dialog;
    private volatile ForkedCall call;

    DialogProgress(DialogTable table, Dialog dialog) {
        this.table = table;
        this.dialog = dialog;
    }

    /** The fork whose end this reports (set once it is built, before it starts). */
    void of(ForkedCall forked) {
        this.call = forked;
    }

    /** {@code listener} of the branch to {@code device} (a binding's key, or null for the upstream), reporting to the table first. */
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
