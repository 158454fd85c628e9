package io.midreg.upstream.targets;

import java.net.InetSocketAddress;

/**
 * One upstream target REGISTERs may go to.
 *
 * @param name     what identifies it across restarts and re-resolutions: the configured
 *                 host:port, or the SRV target name and port; AORs are hashed against it
 * @param address  where to send
 * @param priority lower is preferred (RFC 2782): higher ones take over only when none of the lower is available
 * @param weight   share of the AORs among targets of the same priority (0 = only when the others are out)
 */
public record Candidate(String name, InetSocketAddress address, int priority, int weight) {
    public Candidate {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("name is required");
        if (address == null) throw new IllegalArgumentException("address is required");
        if (priority < 0 || priority > 65535) throw new IllegalArgumentException("priority must be within 0..65535, not " + priority);
        if (weight < 0 || weight > 65535) throw new IllegalArgumentException("weight must be within 0..65535, not " + weight);
    }
}
