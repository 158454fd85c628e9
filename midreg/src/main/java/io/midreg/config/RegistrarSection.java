package io.midreg.config;

import java.util.Map;

/**
 * The {@code registrar:} section.
 *
 * @param mode              mirror, contact or aor (default contact)
 * @param domainAliases     domain → canonical domain for AORs (default none)
 * @param defaultExpires    lifetime when a REGISTER names none, seconds (default 3600)
 * @param minExpires        shortest lifetime accepted (default 60)
 * @param maxExpires        longest lifetime granted (default 7200)
 * @param belowMinExpires   reject (423 with Min-Expires) or clamp (default reject)
 * @param maxContacts       bindings per AOR (default 10)
 * @param maxContactsPolicy reject or evict-oldest (default reject)
 */
public record RegistrarSection(String mode, Map<String, String> domainAliases, Long defaultExpires, Long minExpires, Long maxExpires,
                               String belowMinExpires, Integer maxContacts, String maxContactsPolicy) {
}
