package io.midreg.config;

/** The whole configuration file, as read (values may be null where the file leaves them out). */
public record MidregConfig(SipSection sip, RegistrarSection registrar, UpstreamSection upstream, StoreSection store,
                           LoggingSection logging, AdminSection admin, CallsSection calls,
                           NatSection nat) {
}
