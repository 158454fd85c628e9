package io.midreg.location;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.sip.message.ParserConfig;
import io.midreg.sip.stack.SipStack;
import io.midreg.sip.transaction.TimerConfig;
import io.midreg.sip.transport.ListenerConfig;
import io.midreg.sip.transport.TransportConfig;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.store.AorRecord;
import io.midreg.store.Binding;
import io.midreg.store.BindingStore;
import io.midreg.store.BindingStores;
import io.midreg.store.StoreConfig;
import io.midreg.store.UpstreamState;
import io.midreg.store.UpstreamStatus;
import io.midreg.upstream.ContactToken;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The location seam over a real store file and the real token codec. */
class StoreLocationTest {
    static final long NOW = 1_800_000_000_000L;
    static final String AOR = "sip:alice@example.com";
    private static final ContactToken TOKENS = new ContactToken("location-test-secret-0123".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dir;
    private BindingStore store;
    private SipStack stack;
    private StoreLocation location;

    @BeforeEach
    void open() {
        store = BindingStores.open(StoreConfig.of(dir.resolve("bindings.store")).withCapacity(100));
        stack = SipStack.withTransactions(TransportConfig.defaults().withListeners(List.of(ListenerConfig.of(TransportProtocol.UDP, "127.0.0.1", 0))),
                ParserConfig.defaults(), TimerConfig.defaults(), tx -> { }, (r, f) -> { });
        location = new StoreLocation(store, TOKENS, stack.transport());
    }

    @AfterEach
    void close() {
        stack.close();
        store.close();
    }

    static Binding binding(String contact, String instance, long expiresAt, UpstreamState upstream) {
        return new Binding(contact, instance, instance == null ? 0 : 1, "127.0.0.1", 5070, "udp", null, List.of(), "cid-" + contact, 1,
                expiresAt, Binding.NO_Q, "test", NOW - 1000, NOW - 1000, upstream);
    }

    static UpstreamState upstreamAt(String target) {
        return new UpstreamState("tok", NOW + 3_600_000, NOW, "up-cid", 1, UpstreamStatus.REGISTERED, 200, null, List.of(), List.of(), target);
    }

    private void put(AorRecord r) {
        store.update(AOR, cur -> r);
    }

    @Test
    void anAorsBindingsAreTheUnexpiredOnesAndNoneForAnUnknownAor() {
        Binding live = binding("sip:a@127.0.0.1:5070", null, NOW + 60_000, null);
        Binding lapsed = binding("sip:b@127.0.0.1:5071", null, NOW - 1, null);
        put(new AorRecord(List.of(live, lapsed), null));
        assertThat(location.bindings(AOR, NOW)).containsExactly(live);
        assertThat(location.bindings("sip:nobody@example.com", NOW)).isEmpty();
    }

    @Test
    void aDeviceTokenNamesItsOneBindingByContactOrInstanceAndAnAorTokenNamesThemAll() {
        Binding byUri = binding("sip:a@127.0.0.1:5070", null, NOW + 60_000, null);
        Binding byInstance = binding("sip:b@127.0.0.1:5071", "<urn:uuid:00000000-0000-0000-0000-000000000001>", NOW + 60_000, null);
        put(new AorRecord(List.of(byUri, byInstance), null));
        assertThat(location.named(TOKENS.encode(AOR, "sip:a@127.0.0.1:5070"), NOW)).contains(new Location.Named(AOR, List.of(byUri)));
        assertThat(location.named(TOKENS.encode(AOR, BindingKey.of(byInstance)), NOW)).contains(new Location.Named(AOR, List.of(byInstance)));
        assertThat(BindingKey.of(byInstance)).isEqualTo("<urn:uuid:00000000-0000-0000-0000-000000000001>#1");
        assertThat(location.named(TOKENS.encode(AOR, ""), NOW)).contains(new Location.Named(AOR, List.of(byUri, byInstance)));
    }

    @Test
    void aGenuineTokenWhoseBindingIsGoneNamesTheAorWithNothingAndAForgedOneNamesNothing() {
        put(new AorRecord(List.of(binding("sip:a@127.0.0.1:5070", null, NOW - 1, null)), null));
        assertThat(location.named(TOKENS.encode(AOR, "sip:a@127.0.0.1:5070"), NOW)).contains(new Location.Named(AOR, List.of()));
        assertThat(location.named(TOKENS.encode("sip:nobody@example.com", ""), NOW)).contains(new Location.Named("sip:nobody@example.com", List.of()));
        String genuine = TOKENS.encode(AOR, "");
        String tampered = genuine.substring(0, genuine.indexOf('.') - 1) + (genuine.charAt(genuine.indexOf('.') - 1) == 'A' ? 'B' : 'A')
                + genuine.substring(genuine.indexOf('.'));
        assertThat(location.named(tampered, NOW)).isEmpty();
        ContactToken otherSecret = new ContactToken("another-secret-0123456789".getBytes(StandardCharsets.UTF_8));
        assertThat(location.named(otherSecret.encode(AOR, ""), NOW)).as("signed with another key").isEmpty();
        assertThat(location.named("not-a-token", NOW)).isEmpty();
        assertThat(location.named(null, NOW)).isEmpty();
    }

    @Test
    void theHoldingTargetIsTheAorsInAorModeElseABindingsAndNoneWhenNotRecorded() {
        put(new AorRecord(List.of(binding("sip:a@127.0.0.1:5070", null, NOW + 60_000, upstreamAt("b:5071"))), upstreamAt("a:5070")));
        assertThat(location.holdingTarget(AOR)).contains("a:5070");
        put(new AorRecord(List.of(binding("sip:a@127.0.0.1:5070", null, NOW + 60_000, upstreamAt("")),
                binding("sip:b@127.0.0.1:5071", null, NOW + 60_000, upstreamAt("b:5071"))), null));
        assertThat(location.holdingTarget(AOR)).contains("b:5071");
        put(new AorRecord(List.of(binding("sip:a@127.0.0.1:5070", null, NOW + 60_000, null)), null));
        assertThat(location.holdingTarget(AOR)).isEmpty();
        assertThat(location.holdingTarget("sip:nobody@example.com")).isEmpty();
    }
}
