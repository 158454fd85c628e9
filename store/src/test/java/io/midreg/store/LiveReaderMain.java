package io.midreg.store;

import java.nio.file.Path;

/**
 * Child process of {@link SecondProcessReadTest}: opens the live store read-only, reports what it
 * sees, then waits for an AOR the parent writes afterwards.
 */
public final class LiveReaderMain {

    private LiveReaderMain() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String awaited = args[1];
        long deadline = System.currentTimeMillis() + Long.parseLong(args[2]);
        try (ReadOnlyStoreView view = BindingStores.openReadOnly(file)) {
            System.out.println("opened count=" + view.count());
            System.out.println("first " + view.get(TestRecords.aor(0)).map(r -> r.bindings().get(0).contactUri())
                    .orElse("-"));
            System.out.flush();
            while (System.currentTimeMillis() < deadline) {
                var record = view.get(awaited);
                if (record.isPresent()) {
                    System.out.println("seen " + record.get().bindings().get(0).contactUri() + " count=" + view.count());
                    System.out.flush();
                    return;
                }
                Thread.sleep(10);
            }
            System.out.println("timeout");
            System.out.flush();
        }
    }
}
