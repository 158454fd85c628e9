package io.midreg.store;

/**
 * A snapshot of the store's size.
 *
 * @param aors                 AORs stored
 * @param capacity             AORs the store accepts (as created)
 * @param fileBytes            size of the store file
 * @param usedBytes            bytes of the file holding data (estimate from Chronicle's free space)
 * @param percentFree          Chronicle's free space in the file, percent
 * @param indexedAors          AORs in the expiry index ({@code -1} for a read-only view, which has none)
 * @param recoveredCorruptions damaged entries that crash recovery dropped at the last open
 */
public record StoreStats(long aors, long capacity, long fileBytes, long usedBytes, int percentFree, long indexedAors,
                         long recoveredCorruptions) {
}
