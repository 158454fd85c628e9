package io.midreg.admin;

/** A request the API cannot act on; answered 400 with the message. */
final class BadRequest extends RuntimeException {
    BadRequest(String message) {
        super(message, null, false, false);
    }
}
