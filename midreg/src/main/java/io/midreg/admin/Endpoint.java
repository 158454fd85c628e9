package io.midreg.admin;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** One admin API operation. Runs on the admin worker (never on a Netty event loop); may block briefly on the store. */
@FunctionalInterface
interface Endpoint {
    /** @param pathParams the decoded values of the route's {@code {...}} segments, in order */
    CompletableFuture<AdminResponse> handle(AdminRequest request, List<String> pathParams);
}
