/**
 * Whether a device is behind a NAT, judged from one request: where it came from against what the
 * device wrote in its top Via and Contact (the tests of Kamailio's {@code nat_uac_test} 1, 2, 4
 * and 16, with RFC 6598 shared space and the IPv6 local ranges added). A pure classifier: no I/O,
 * no name look-ups, the same answer for the same request.
 */
package io.midreg.nat.detect;
