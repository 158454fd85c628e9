package io.midreg.upstream.targets;

/**
 * What an operator sees of one upstream target.
 *
 * @param name      its configured or SRV name
 * @param address   ip:port it is sent to
 * @param priority  lower is preferred
 * @param weight    share within its priority
 * @param available whether its health lets REGISTERs go to it now
 * @param active    whether it is in the best priority that has an available target (new AORs go there)
 * @param sent      REGISTERs its pacer let through
 * @param queued    REGISTERs waiting for its rate
 * @param rejected  REGISTERs its pacer failed (deadline or queue full)
 */
public record TargetView(String name, String address, int priority, int weight, boolean available, boolean active, long sent, int queued,
                         long rejected) {
}
