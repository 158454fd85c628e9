package io.midreg.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.proxy.dialog.Dialog;
import io.midreg.proxy.dialog.DialogKey;
import io.midreg.proxy.dialog.DialogTable;
import io.midreg.proxy.dialog.Direction;
import io.midreg.sip.transaction.ClientTransaction;
import io.midreg.sip.transaction.ClientTransactionListener;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The branch listener that feeds the call table passes every branch event on to the fork: a
 * listener method it did not forward (a default one added to the interface later) would be
 * swallowed, and the fork would wait for an event that never comes.
 */
class DialogProgressTest {
    private final DialogTable table = new DialogTable(10, Duration.ofHours(2), Duration.ofSeconds(212), Duration.ofSeconds(30),
            () -> 0L, (task, delay) -> () -> { });
    private final Dialog dialog = table.create(DialogKey.towardsDevice("c", "t"), Direction.TO_DEVICE, "sip:a@example.com", null,
            "udp:192.0.2.1:5060", "f");

    @Test
    void theBranchListenerForwardsEveryMethodOfTheInterface() {
        List<String> forwarded = new ArrayList<>();
        ClientTransactionListener fork = (ClientTransactionListener) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ClientTransactionListener.class}, (proxy, method, args) -> {
                    forwarded.add(method.getName());
                    return null;
                });
        ClientTransactionListener branch = new DialogProgress(table, dialog).branch(fork, null);
        List<String> expected = new ArrayList<>();
        for (Method m : ClientTransactionListener.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || m.getParameterTypes()[0] != ClientTransaction.class) continue;
            if (m.getParameterCount() == 2 && m.getParameterTypes()[1] != Throwable.class) continue; // responses: need a message, below
            expected.add(m.getName());
            Object[] args = m.getParameterCount() == 1 ? new Object[] {null} : new Object[] {null, new RuntimeException()};
            try {
                m.invoke(branch, args);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(m.getName(), e);
            }
        }
        assertThat(forwarded).containsExactlyInAnyOrderElementsOf(expected).contains("onCancelledWithoutAnswer", "onTimeout");
        for (Method m : ClientTransactionListener.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers())) continue;
            assertThat(declares(branch.getClass(), m)).as("the branch listener overrides " + m.getName()).isTrue();
        }
    }

    private static boolean declares(Class<?> c, Method m) {
        try {
            c.getDeclaredMethod(m.getName(), m.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
