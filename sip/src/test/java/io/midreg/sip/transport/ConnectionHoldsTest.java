package io.midreg.sip.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The holds that keep a device's connection open, on instants given by the test (virtual time). */
class ConnectionHoldsTest {

    @Test
    void aConnectionWithoutHoldsIsNotHeld() {
        assertFalse(new ConnectionHolds().heldAt(0));
    }

    @Test
    void aHoldRunsUntilItsInstantAndNotAtIt() {
        ConnectionHolds holds = new ConnectionHolds();
        holds.hold("aor\nsip:a@10.0.0.1", 60_000);
        assertTrue(holds.heldAt(59_999));
        assertFalse(holds.heldAt(60_000), "a binding that expired stops holding the connection");
        assertEquals(0, holds.size(), "the expired hold is dropped");
    }

    @Test
    void aRefreshMovesTheDeadlineInsteadOfAddingAHold() {
        ConnectionHolds holds = new ConnectionHolds();
        holds.hold("b", 60_000);
        holds.hold("b", 120_000);
        assertEquals(1, holds.size());
        assertTrue(holds.heldAt(90_000));
    }

    @Test
    void theConnectionIsHeldWhileAnyBindingOnItLives() {
        ConnectionHolds holds = new ConnectionHolds();
        holds.hold("alice", 60_000);
        holds.hold("bob", 120_000);
        assertTrue(holds.heldAt(90_000), "bob's binding still lives");
        assertFalse(holds.heldAt(120_000));
    }

    @Test
    void releasingTheLastHoldLeavesNoneEvenBeforeItsInstant() {
        ConnectionHolds holds = new ConnectionHolds();
        holds.hold("alice", 60_000);
        holds.hold("bob", 60_000);
        assertTrue(holds.release("alice"), "bob still holds it");
        assertFalse(holds.release("bob"));
        assertFalse(holds.heldAt(1_000), "a removed binding holds nothing");
    }

    @Test
    void releasingAnUnknownHolderChangesNothing() {
        ConnectionHolds holds = new ConnectionHolds();
        holds.hold("alice", 60_000);
        assertTrue(holds.release("mallory"));
        assertTrue(holds.heldAt(1_000));
    }
}
