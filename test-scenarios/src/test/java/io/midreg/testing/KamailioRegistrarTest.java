package io.midreg.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The real-peer harness itself: real Kamailio, real SIPp, loopback. Each test has its own Kamailio. */
@Timeout(30)
class KamailioRegistrarTest {
    private static final String DOMAIN = KamailioOptions.DEFAULT_REALM;

    private static Sipp.Result sipp(String scenario, KamailioRegistrar kamailio, String... extra) throws Exception {
        return Sipp.run(scenario, kamailio.address(), "u1", 1, 1, 15, extra);
    }

    @Test
    void digestRegistrationIsChallengedThenSavedWithItsBinding() throws Exception {
        try (KamailioRegistrar kamailio = KamailioRegistrar.start(KamailioOptions.withAuth())) {
            Sipp.Result r = sipp("register-auth-uac.xml", kamailio, "-s", "alice", "-au", "alice", "-ap", "pw-alice");

            assertThat(r.allCallsSucceeded()).as(r.output()).isTrue();
            assertThat(kamailio.registerRequestsReceived()).as("challenged REGISTER + answered REGISTER").isEqualTo(2);
            assertThat(kamailio.acceptedRegistrations()).isEqualTo(1);
            List<RegisteredContact> contacts = kamailio.contactsOf("alice@" + DOMAIN);
            assertThat(contacts).as(kamailio.dump()).singleElement().satisfies(c -> {
                assertThat(c.uri()).startsWith("sip:alice@127.0.0.1:");
                assertThat(c.expiresSeconds()).isBetween(1L, 60L);
                assertThat(c.cseq()).isEqualTo(2);
            });
        }
    }

    @Test
    void digestRegistrationWorksOverTcp() throws Exception {
        try (KamailioRegistrar kamailio = KamailioRegistrar.start(KamailioOptions.withAuth())) {
            Sipp.Result r = Sipp.run("register-auth-uac.xml", kamailio.tcpAddress(), "t1", 1, 1, 15, "-s", "tina", "-au", "tina",
                    "-ap", "pw-tina");

            assertThat(r.allCallsSucceeded()).as(r.output()).isTrue();
            assertThat(kamailio.contactsOf("tina@" + DOMAIN)).singleElement()
                    .satisfies(c -> assertThat(c.uri()).contains("transport=TCP"));
        }
    }

    @Test
    void wrongPasswordIsChallengedAgainAndNothingIsSaved() throws Exception {
        try (KamailioRegistrar kamailio = KamailioRegistrar.start(KamailioOptions.withAuth())) {
            Sipp.Result refused = sipp("register-auth-uac.xml", kamailio, "-s", "bob", "-au", "bob", "-ap", "not-pw-bob",
                    "-set", "final", "401");
            Sipp.Result expectingSuccess = sipp("register-auth-uac.xml", kamailio, "-s", "bob", "-au", "bob", "-ap", "not-pw-bob");

            assertThat(refused.allCallsSucceeded()).as(refused.output()).isTrue();
            assertThat(expectingSuccess.allCallsSucceeded()).as("the scenario itself fails on a refusal").isFalse();
            assertThat(kamailio.registerRequestsReceived()).as("two attempts of two REGISTERs").isEqualTo(4);
            assertThat(kamailio.acceptedRegistrations()).isZero();
            assertThat(kamailio.contactsOf("bob@" + DOMAIN)).isEmpty();
        }
    }

    @Test
    void authUserOtherThanTheToUserIsForbidden() throws Exception {
        try (KamailioRegistrar kamailio = KamailioRegistrar.start(KamailioOptions.withAuth())) {
            Sipp.Result r = sipp("register-auth-uac.xml", kamailio, "-s", "carol", "-au", "mallory", "-ap", "pw-mallory",
                    "-set", "final", "403");

            assertThat(r.allCallsSucceeded()).as(r.output()).isTrue();
            assertThat(kamailio.contactsOf("carol@" + DOMAIN)).isEmpty();
        }
    }

    @Test
    void refreshesKeepTheCallIdRaiseTheCseqAndAreAllAccepted() throws Exception {
        try (KamailioRegistrar kamailio = KamailioRegistrar.start(KamailioOptions.withAuth())) {
            Sipp.Result r = sipp("register-refresh-uac.xml", kamailio, "-s", "dave", "-au", "dave", "-ap", "pw-dave",
                    "-set", "refreshes", "3", "-set", "pause_ms", "200");

            assertThat(r.allCallsSucceeded()).as(r.output()).isTrue();
            assertThat(kamailio.acceptedRegistrations()).as("registration + 3 refreshes").isEqualTo(4);
            assertThat(kamailio.registerRequestsReceived()).as("each one challenged").isEqualTo(8);
            assertThat(kamailio.contactsOf("dave@" + DOMAIN)).singleElement().satisfies(c -> {
                assertThat(c.cseq()).isEqualTo(8);
                assertThat(c.callId()).isNotBlank();
            });
        }
    }

    @Test
    void withoutAuthTooShortExpiryGets423WithMinExpires() throws Exception {
        try (KamailioRegistrar kamailio = KamailioRegistrar.start(KamailioOptions.withoutAuth().minExpires(60))) {
            Sipp.Result accepted = sipp("register-expect.xml", kamailio, "-s", "erin", "-set", "status", "200");
            Sipp.Result tooBrief = sipp("register-expect.xml", kamailio, "-s", "frank", "-set", "expires", "10",
                    "-set", "status", "423", "-set", "min_expires", "60");

            assertThat(accepted.allCallsSucceeded()).as(accepted.output()).isTrue();
            assertThat(tooBrief.allCallsSucceeded()).as(tooBrief.output()).isTrue();
            assertThat(kamailio.contactsOf("erin@" + DOMAIN)).hasSize(1);
            assertThat(kamailio.contactsOf("frank@" + DOMAIN)).isEmpty();
            assertThat(kamailio.rejectedRegistrations()).isEqualTo(1);
        }
    }

    @Test
    void failureModesSwitchWhileRunning() throws Exception {
        try (KamailioRegistrar kamailio = KamailioRegistrar.start(KamailioOptions.withAuth())) {
            kamailio.setMode(RegistrarMode.UNAVAILABLE_503);
            kamailio.setRetryAfter(17);
            Sipp.Result unavailable = sipp("register-expect.xml", kamailio, "-s", "gina", "-set", "status", "503",
                    "-set", "retry_after", "17");
            kamailio.setMode(RegistrarMode.REJECT_403);
            Sipp.Result forbidden = sipp("register-expect.xml", kamailio, "-s", "gina", "-set", "status", "403");
            kamailio.setMode(RegistrarMode.DROP);
            Sipp.Result dropped = sipp("register-expect.xml", kamailio, "-s", "gina", "-set", "status", "timeout",
                    "-recv_timeout", "1000");
            kamailio.setMode(RegistrarMode.NORMAL);
            Sipp.Result challenged = sipp("register-expect.xml", kamailio, "-s", "gina", "-set", "status", "401");

            assertThat(unavailable.allCallsSucceeded()).as(unavailable.output()).isTrue();
            assertThat(forbidden.allCallsSucceeded()).as(forbidden.output()).isTrue();
            assertThat(dropped.allCallsSucceeded()).as(dropped.output()).isTrue();
            assertThat(challenged.allCallsSucceeded()).as(challenged.output()).isTrue();
            assertThat(kamailio.registerRequestsReceived()).as("one REGISTER each, the dropped one not retransmitted").isEqualTo(4);
            assertThat(kamailio.acceptedRegistrations()).isZero();
        }
    }

    @Test
    void droppingModeCanBeTheStartingMode() throws Exception {
        try (KamailioRegistrar kamailio = KamailioRegistrar.start(KamailioOptions.withoutAuth().initialMode(RegistrarMode.DROP))) {
            Sipp.Result dropped = sipp("register-expect.xml", kamailio, "-s", "hank", "-set", "status", "timeout",
                    "-recv_timeout", "500");

            assertThat(dropped.allCallsSucceeded()).as(dropped.output()).isTrue();
            assertThat(kamailio.contactsOf("hank@" + DOMAIN)).isEmpty();
        }
    }

    @Test
    void contactBlocksOfKamcmdOutputAreParsed() {
        String out = """
                {
                	AoR: zoe@midreg.test
                	Contacts: {
                		Contact: {
                			Address: sip:zoe@10.0.0.1:5062;ob
                			Expires: 42
                			Call-ID: abc@host
                			CSeq: 7
                			User-Agent: n/a
                			Received: sip:192.0.2.1:40000
                			Path: <sip:127.0.0.1:5070;lr>
                		}
                	}
                }
                """;

        assertThat(Kamcmd.parseContacts(out)).singleElement().satisfies(c -> {
            assertThat(c.uri()).isEqualTo("sip:zoe@10.0.0.1:5062;ob");
            assertThat(c.expiresSeconds()).isEqualTo(42);
            assertThat(c.callId()).isEqualTo("abc@host");
            assertThat(c.cseq()).isEqualTo(7);
            assertThat(c.userAgent()).isEmpty();
            assertThat(c.received()).contains("sip:192.0.2.1:40000");
            assertThat(c.path()).contains("<sip:127.0.0.1:5070;lr>");
        });
    }
}
