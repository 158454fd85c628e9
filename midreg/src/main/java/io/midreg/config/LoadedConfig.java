package io.midreg.config;

import io.midreg.registrar.RegistrarSettings;
import io.midreg.sip.transaction.TimerConfig;
import io.midreg.sip.transport.TransportConfig;
import io.midreg.store.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A config file read, bound and checked: what the server starts from.
 *
 * @param source    where it came from (for messages)
 * @param raw       the file as bound
 * @param transport the transport settings derived from it
 * @param registrar registrar behaviour
 * @param upstream  the upstream registrar
 * @param store     the binding store
 * @param timers    SIP transaction timers
 * @param workers   SIP processing threads (0 = on the event loops)
 * @param logging   log levels
 * @param shutdownGrace how long a stop waits for REGISTERs already relayed upstream
 * @param admin     the admin HTTP API
 * @param calls     routing calls to and from the devices
 * @param nat       NAT traversal
 * @param deviceConnections whether registered devices' TCP/TLS connections outlive the idle time-out
 */
public record LoadedConfig(String source, MidregConfig raw, TransportConfig transport, RegistrarSettings registrar,
                           UpstreamSettings upstream, StoreConfig store, TimerConfig timers,
                           int workers, LoggingSettings logging, Duration shutdownGrace,
                           AdminSettings admin, CallsSettings calls, NatSettings nat,
                           DeviceConnections deviceConnections) {
    public static LoadedConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (java.io.IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(file.toString(), text);
    }

    public static LoadedConfig parse(String name, String text) throws ConfigException {
        MidregConfig raw = new ConfigLoader().parse(name, text);
        ConfigErrors errors = new ConfigErrors(name, text);
        TransportConfig transport = SipSettings.transportConfig(raw, errors);
        RegistrarSettings registrar = RegistrarConfigs.registrar(raw, errors);
        UpstreamSettings upstream = RegistrarConfigs.upstream(raw, errors);
        StoreConfig store = RegistrarConfigs.store(raw, errors);
        TimerConfig timers = SipSettings.timers(raw, errors);
        int workers = SipSettings.workers(raw, transport, errors);
        LoggingSettings logging = LoggingConfigs.logging(raw, errors);
        Duration shutdownGrace = SipSettings.shutdownGrace(raw, errors);
        AdminSettings admin = AdminConfigs.admin(raw, errors);
        CallsSettings calls = CallsSettings.of(raw, errors);
        NatSettings nat = NatSettings.of(raw);
        DeviceConnections deviceConnections = SipSettings.deviceConnections(raw, errors);
        errors.throwIfAny();
        return new LoadedConfig(name, raw, transport, registrar, upstream, store, timers, workers, logging, shutdownGrace, admin, calls, nat, deviceConnections);
    }
}
