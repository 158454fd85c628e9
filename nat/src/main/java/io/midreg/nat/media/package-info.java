/**
 * Media relay control: several RTPEngine instances as one relay ({@link io.midreg.nat.media.RtpengineSet}),
 * chosen by weight for a new call, kept for the call's life, health by periodic ng ping, new calls
 * moved away from an instance that stops answering. The ng protocol itself is in
 * {@code io.midreg.nat.media.ng}, its encoding in {@code io.midreg.nat.media.bencode}.
 */
package io.midreg.nat.media;
