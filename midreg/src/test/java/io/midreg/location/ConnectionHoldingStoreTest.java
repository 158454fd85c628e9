package io.midreg.location;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.store.AorRecord;
import io.midreg.store.Binding;
import io.midreg.store.BindingStore;
import io.midreg.store.BindingStores;
import io.midreg.store.StoreConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which holds each store write hands the transport: bindings on connections hold them, bindings that left release them. */
class ConnectionHoldingStoreTest {
    private static final long NOW = 1_700_000_000_000L;
    private static final String AOR = "sip:alice@example.com";

    @TempDir
    Path dir;
    private final List<String> calls = new ArrayList<>();
    private BindingStore store;

    @BeforeEach
    void open() {
        store = new ConnectionHoldingStore(BindingStores.open(StoreConfig.of(dir.resolve("bindings.store")).withCapacity(100)),
                new ConnectionHolds() {
                    @Override
                    public void hold(long connectionId, String transport, String remoteHost, int remotePort, String holder,
                                     long untilEpochMillis) {
                        calls.add("hold " + connectionId + " " + holder.replace('\n', ' ') + " " + (untilEpochMillis - NOW));
                    }

                    @Override
                    public void release(long connectionId, String holder) {
                        calls.add("release " + connectionId + " " + holder.replace('\n', ' '));
                    }
                });
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static Binding binding(String contact, String transport, String flowId, long expiresIn) {
        return new Binding(contact, null, 0, "192.0.2.1", 5070, transport, flowId, List.of(), "cid", 1, NOW + expiresIn,
                Binding.NO_Q, "test", NOW, NOW);
    }

    @Test
    void aBindingOnAConnectionHoldsItUntilItExpires() {
        store.update(AOR, cur -> AorRecord.empty().withBinding(binding("sip:a@10.0.0.1", "tcp", "7", 60_000)));
        assertThat(calls).containsExactly("hold 7 " + AOR + " sip:a@10.0.0.1 60000");
    }

    @Test
    void aRefreshMovesTheHoldOnAndUdpBindingsHoldNothing() {
        store.update(AOR, cur -> AorRecord.empty().withBinding(binding("sip:a@10.0.0.1", "tcp", "7", 60_000))
                .withBinding(binding("sip:u@10.0.0.2", "udp", null, 60_000)));
        calls.clear();
        store.update(AOR, cur -> cur.withBinding(binding("sip:a@10.0.0.1", "tcp", "7", 120_000)));
        assertThat(calls).containsExactly("hold 7 " + AOR + " sip:a@10.0.0.1 120000");
    }

    @Test
    void aBindingThatMovedToANewConnectionReleasesTheOldOne() {
        store.update(AOR, cur -> AorRecord.empty().withBinding(binding("sip:a@10.0.0.1", "tcp", "7", 60_000)));
        calls.clear();
        store.update(AOR, cur -> cur.withBinding(binding("sip:a@10.0.0.1", "tcp", "8", 60_000)));
        assertThat(calls).containsExactly("hold 8 " + AOR + " sip:a@10.0.0.1 60000", "release 7 " + AOR + " sip:a@10.0.0.1");
    }

    @Test
    void removingTheBindingOrTheAorReleasesItsConnection() {
        store.update(AOR, cur -> AorRecord.empty().withBinding(binding("sip:a@10.0.0.1", "tcp", "7", 60_000))
                .withBinding(binding("sip:b@10.0.0.1", "tls", "9", 60_000)));
        calls.clear();
        store.update(AOR, cur -> cur.withoutBindings(b -> b.contactUri().equals("sip:a@10.0.0.1")));
        assertThat(calls).containsExactly("hold 9 " + AOR + " sip:b@10.0.0.1 60000", "release 7 " + AOR + " sip:a@10.0.0.1");
        calls.clear();
        store.remove(AOR);
        assertThat(calls).containsExactly("release 9 " + AOR + " sip:b@10.0.0.1");
    }

    @Test
    void aWriteThatChangesNothingHandsNothingOn() {
        store.update(AOR, cur -> AorRecord.empty().withBinding(binding("sip:a@10.0.0.1", "tcp", "7", 60_000)));
        calls.clear();
        store.update(AOR, cur -> cur);
        store.update("sip:nobody@example.com", cur -> null);
        assertThat(calls).isEmpty();
    }
}
