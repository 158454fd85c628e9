package io.midreg.store;

import java.nio.file.Path;

/**
 * Child process of {@link CrashSafetyTest}: writes bindings as fast as it can and prints
 * {@code written N} after each update has returned, until it is killed.
 */
public final class CrashWriterMain {

    static final int AORS = 300;

    private CrashWriterMain() {
    }

    static String aorOf(int n) {
        return TestRecords.aor(n % AORS);
    }

    static Binding bindingOf(int n) {
        return TestRecords.binding(1_000_000 + n, TestRecords.NOW);
    }

    public static void main(String[] args) throws Exception {
        StoreConfig config = StoreConfig.of(Path.of(args[0])).withCapacity(Long.parseLong(args[1]));
        int max = Integer.parseInt(args[2]);
        BindingStore store = BindingStores.open(config); // never closed: the parent kills us
        System.out.println("open");
        System.out.flush();
        for (int n = 0; n < max; n++) {
            Binding binding = bindingOf(n);
            // New AORs first, then more bindings on the same AORs: inserts and in-place replaces.
            store.update(aorOf(n), current -> (current == null ? AorRecord.empty() : current).withBinding(binding));
            System.out.println("written " + n);
            System.out.flush();
        }
        System.out.println("done");
        System.out.flush();
        Thread.sleep(60_000); // should not get here; the parent kills us long before
    }
}
