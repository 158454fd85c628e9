package io.midreg.nat.detect;

/** The tests a request can fail, each of them a sign of a NAT between the device and midreg. */
public enum NatRule {
    /** The request came from another address than the one in the top Via's sent-by (nat_uac_test 2). */
    SOURCE_ADDRESS_DIFFERS_FROM_VIA,
    /** The request came from another port than the top Via's sent-by port (nat_uac_test 16). */
    SOURCE_PORT_DIFFERS_FROM_VIA,
    /** The top Via's sent-by is a private, shared, link-local or unique-local address (nat_uac_test 4). */
    VIA_ADDRESS_NOT_PUBLIC,
    /** The Contact's host is a private, shared, link-local or unique-local address (nat_uac_test 1). */
    CONTACT_ADDRESS_NOT_PUBLIC
}
