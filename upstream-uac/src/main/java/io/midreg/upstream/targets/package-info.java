/**
 * Several upstream targets: configured ones and those an RFC 3263 look-up of a domain gives,
 * each with its own health and pacer, and the choice of one per AOR (weighted rendezvous
 * hashing within the best priority that has a target available).
 */
package io.midreg.upstream.targets;
