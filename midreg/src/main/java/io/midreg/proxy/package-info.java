/**
 * Call routing: midreg as a stateful proxy (RFC 3261 §16, RFC 6026) between the upstream PBX and
 * the registered devices. This package holds the building blocks, each a pure function or a
 * small object owning its state, and the handler that drives them for requests from the
 * upstream and from the devices, {@link io.midreg.proxy.DeviceRouting}: out of dialog to the device(s) a token names,
 * forked by q through {@link io.midreg.proxy.ForkedCall} with signed Record-Route and timer C;
 * a registered device's requests to the upstream holding its AOR, through the Service-Route its
 * registration got (RFC 3608) ({@link io.midreg.proxy.TowardsUpstream}); in dialog loose-routed both
 * ways by {@link io.midreg.proxy.InDialogRouting}; next hops named by DNS names located per RFC 3263
 * off the event loops ({@link io.midreg.proxy.NextHopLocator}).
 *
 * <h2>The flow of one request</h2>
 * <pre>
 * received request (a server transaction already sent 100 Trying for an INVITE)
 *   → {@link io.midreg.proxy.RequestValidator}           §16.3: 416, 483 (OPTIONS: answer locally), 482, 420
 *   → {@link io.midreg.proxy.RoutePreprocessing}         §16.4: strict-route fix-up, midreg's own Routes off;
 *                                                        their signed parameters ({@link io.midreg.proxy.RecordRouteSigner#verify})
 *                                                        say where an in-dialog request goes
 *   → targets: a token contact → the binding(s) (location seam), or an in-dialog request's
 *     Record-Route parameters, or the upstream router for a device's request
 *   → {@link io.midreg.proxy.ForkPlan#byQ}               §16.6: groups by descending q, parallel within
 *   → per branch: {@link io.midreg.proxy.LoopDetection#branch}, {@link io.midreg.proxy.BranchRequests#via},
 *     {@link io.midreg.proxy.RecordRouting#values} (RFC 5658 double Record-Route across listeners),
 *     {@link io.midreg.proxy.BranchRequests#build}       §16.6 steps 1–9: the copy, Contact as Request-URI, Path as Route
 *   → one client transaction per branch, on the device's flow (its UDP socket or its own
 *     TCP/TLS connection: ended at once when that closes, never a new connection)
 *   → every response, time-out and transport error (480 for a closed connection), the
 *     caller's CANCEL, timer C, and a CANCELled branch silent 64*T1 later (§9.1: a 487)
 *     → {@link io.midreg.proxy.ResponseContext}          §16.7, §16.8, §16.10 → a {@link io.midreg.proxy.ResponseAction}:
 *       what to send upstream, which branches to CANCEL, whether to start the next fork group
 * </pre>
 *
 * <h2>Threads</h2>
 * A call's two legs may be served by different event loops. Everything here is immutable or
 * stateless except {@link io.midreg.proxy.ResponseContext}, which owns its state behind its own
 * lock, holds it only to decide (no I/O, no callbacks) and returns immutable actions to carry
 * out outside it. {@link io.midreg.proxy.RecordRouteSigner} keeps one keyed Mac per thread.
 *
 * <h2>The call table</h2>
 * {@link io.midreg.proxy.dialog.DialogTable} keeps one small immutable entry per INVITE dialog
 * for operators and media control; routing never reads it. {@link io.midreg.proxy.DialogProgress}
 * feeds it from a fork's branches, {@link io.midreg.proxy.DeviceRouting} from in-dialog requests
 * (the party in midreg's signed Route names the entry with the Call-ID).
 *
 * <h2>Still to wire</h2>
 * <ul>
 *   <li>A next hop located by DNS is tried at its first upstream address only: no RFC 3263
 *       failover to the next SRV target within one request.</li>
 *   <li>A device whose connection is gone gets 480; 430 (RFC 5626) comes with Outbound.</li>
 *   <li>Media (RTPEngine offer/answer/delete): it will listen to the call table
 *       ({@link io.midreg.proxy.dialog.DialogListener}).</li>
 *   <li>SUBSCRIBE and REFER dialogs are routed but not kept in the call table.</li>
 * </ul>
 */
package io.midreg.proxy;
