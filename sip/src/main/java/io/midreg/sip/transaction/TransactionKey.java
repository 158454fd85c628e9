package io.midreg.sip.transaction;

import io.midreg.sip.header.CSeq;
import io.midreg.sip.header.NameAddress;
import io.midreg.sip.header.Via;
import io.midreg.sip.message.SipMessage;
import io.midreg.sip.message.SipRequest;
import io.midreg.sip.syntax.SipMethods;
import java.util.Locale;

/**
 * Identifies a transaction in the layer's tables. Server keys follow RFC 3261 §17.2.3 (branch,
 * sent-by, method; ACK counts as INVITE) or, for a request whose branch lacks the magic cookie
 * or is the bare cookie, the RFC 2543 fields. Client keys follow §17.1.3 (branch, CSeq method).
 */
public sealed interface TransactionKey permits TransactionKey.Branch, TransactionKey.Legacy, TransactionKey.Client {

    /** Server key from an RFC 3261 branch; {@code host} is lower case, {@code port} -1 when absent. */
    record Branch(String branch, String host, int port, String method) implements TransactionKey {
        @Override
        public TransactionKey withMethod(String m) {
            return new Branch(branch, host, port, m);
        }
    }

    /**
     * Server key for RFC 2543 peers: Request-URI, To tag, From tag, Call-ID, CSeq number and the
     * whole top Via. The To tag of an ACK differs from its INVITE's, so the layer looks an ACK up
     * with its own To tag and then without one ({@link #withoutToTag()}).
     */
    record Legacy(String requestUri, String toTag, String fromTag, String callId, long cseqNumber, String topVia,
                  String method) implements TransactionKey {
        @Override
        public TransactionKey withMethod(String m) {
            return new Legacy(requestUri, toTag, fromTag, callId, cseqNumber, topVia, m);
        }

        public Legacy withoutToTag() {
            return new Legacy(requestUri, null, fromTag, callId, cseqNumber, topVia, method);
        }
    }

    /** Client key: the branch this element put in its top Via and the CSeq method. */
    record Client(String branch, String method) implements TransactionKey {
        @Override
        public TransactionKey withMethod(String m) {
            return new Client(branch, m);
        }
    }

    /** The same key for another method, e.g. the INVITE a CANCEL targets (§9.2). */
    TransactionKey withMethod(String method);

    /**
     * The server transaction key of a received request; null when the request lacks what a key
     * needs (top Via, CSeq, Call-ID, From, To). Parses those headers if not yet parsed.
     */
    static TransactionKey forServer(SipRequest request) {
        Via top = request.topVia();
        if (top == null) return null;
        String method = SipMethods.ACK.equals(request.method()) ? SipMethods.INVITE : request.method();
        if (top.hasRfc3261Branch()) {
            return new Branch(top.branch(), top.host().toLowerCase(Locale.ROOT), top.port(), method);
        }
        CSeq cseq = request.cseq();
        NameAddress from = request.from();
        NameAddress to = request.to();
        String callId = request.callId();
        if (cseq == null || from == null || to == null || callId == null) return null;
        return new Legacy(request.requestUriText(), to.tag(), from.tag(), callId, cseq.number(), top.toString(), method);
    }

    /** The client transaction key of a request this element sends or of a response to it; null without branch or CSeq. */
    static TransactionKey forClient(SipMessage message) {
        Via top = message.topVia();
        CSeq cseq = message.cseq();
        if (top == null || cseq == null || top.branch() == null) return null;
        return new Client(top.branch(), cseq.method());
    }
}
