/**
 * Call routing: midreg as a stateful proxy (RFC 3261 §16, RFC 6026) between the upstream PBX and
 * the registered devices. This package holds the building blocks, each a pure function or a
 * small object owning its state, and a first handler, {@link io.midreg.proxy.DeviceRouting}:
 * requests from the upstream to the one device a token names (contact mode), not yet on these
 * blocks (no fork, no Record-Route, no timer C); the full handler that drives them is not
 * written yet.
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
 *   → one client transaction per branch, on the device's flow
 *   → every response, time-out and transport error, the caller's CANCEL and timer C
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
 * <h2>Still to wire (the proxy handler)</h2>
 * <ul>
 *   <li>A handler registered in the method dispatch table for INVITE, ACK, BYE, CANCEL, OPTIONS
 *       to a contact, UPDATE, PRACK, INFO, REFER, NOTIFY, SUBSCRIBE, MESSAGE; it needs the location
 *       seam (token → bindings → live flow, or "gone" → 480) and the shared upstream router.</li>
 *   <li>Which interface a request arrived on and leaves from ({@link io.midreg.proxy.ProxyInterface}
 *       from the listener config and the flow), the Record-Route parameters to sign (AOR and
 *       binding key of the device leg), and recognising the direction of an in-dialog request.</li>
 *   <li>Carrying out actions: remove midreg's Via from a relayed response
 *       ({@code MessageEditor.removeTopVia}), add the aggregated challenges, make the local
 *       408/500; CANCEL branches through {@code TransactionLayer.cancel} and end a CANCELled branch
 *       that never answers after 64*T1 as 408 (§9.1); timer C per INVITE branch
 *       ({@link io.midreg.proxy.TimerC}), reset on {@link io.midreg.proxy.ResponseAction#resetTimerC()};
 *       later 2xx from {@code ClientTransactionListener.onLater2xx} forwarded on the server
 *       transaction (RFC 6026); the caller's CANCEL answered 200 at once.</li>
 *   <li>The ACK for a 2xx and other in-dialog requests forwarded without a response context
 *       (the ACK statelessly), loose-routed by the signed Record-Route; stray responses dropped
 *       (RFC 6026).</li>
 *   <li>Media (RTPEngine offer/answer/delete), the {@code calls:} config, counters and metrics.</li>
 * </ul>
 */
package io.midreg.proxy;
