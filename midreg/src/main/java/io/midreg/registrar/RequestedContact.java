package io.midreg.registrar;

/**
 * One Contact of a REGISTER, read and checked.
 *
 * @param uri        the contact URI as written
 * @param bindingKey what identifies the binding: the instance (and reg-id) when given, else the URI
 * @param instance   +sip.instance, or null
 * @param regId      reg-id, or 0
 * @param expires    device-side lifetime in seconds after the expiry policy (0 = remove)
 * @param qMillis    q times 1000, or -1
 */
public record RequestedContact(String uri, String bindingKey, String instance, int regId, long expires, int qMillis) {
}
