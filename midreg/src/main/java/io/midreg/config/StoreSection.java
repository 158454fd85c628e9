package io.midreg.config;

/**
 * The {@code store:} section.
 *
 * @param file     the store file (default data/midreg.store)
 * @param capacity AORs the store holds (default 100000); fixed when the file is created
 */
public record StoreSection(String file, Long capacity) {
}
