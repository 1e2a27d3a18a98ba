package dev.lepus.examples.kv;

/**
 * CRC-16/XMODEM (polynomial 0x1021, initial value 0, no reflection), the checksum Redis Cluster maps keys to hash
 * slots with. Its check value, the CRC of {@code 123456789}, is 0x31C3.
 *
 * <p>Thread contract: threadsafe (stateless).
 */
final class Crc16 {

    private static final int POLYNOMIAL = 0x1021;
    private static final int[] TABLE = table();

    private Crc16() {
    }

    private static int[] table() {
        final int[] table = new int[256];
        for (int i = 0; i < 256; i++) {
            int crc = i << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ POLYNOMIAL : crc << 1;
            }
            table[i] = crc & 0xFFFF;
        }
        return table;
    }

    /**
     * The CRC of a range of bytes.
     *
     * @param bytes the array
     * @param off the first byte
     * @param len how many
     * @return the CRC, 0 to 0xFFFF
     */
    static int of(final byte[] bytes, final int off, final int len) {
        int crc = 0;
        for (int i = off; i < off + len; i++) {
            crc = ((crc << 8) ^ TABLE[((crc >>> 8) ^ bytes[i]) & 0xFF]) & 0xFFFF;
        }
        return crc;
    }
}
