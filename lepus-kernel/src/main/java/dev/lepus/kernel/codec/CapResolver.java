package dev.lepus.kernel.codec;

import dev.lepus.api.Cap;

/**
 * Maps caps to numbers and back, for the codec: the codec does not know the kernel's cap objects, so whoever encodes
 * a message with caps in it (the journal) says which number stands for each cap, and on replay which cap a number
 * stands for.
 *
 * <p>Thread contract: called on the thread that calls {@link Codec#encode} or {@link Codec#decode}; an implementation
 * needs no more thread safety than its caller gives it.
 */
public interface CapResolver {

    /**
     * The number that stands for a cap in an encoding. Two caps that should decode as different caps need different
     * numbers: a set or map key with two caps of one number cannot be encoded.
     *
     * @param cap a cap found in a value being encoded, never null
     * @return its number, any 64-bit value
     */
    long idOf(Cap<?> cap);

    /**
     * The cap a number stands for.
     *
     * @param id a number read from an encoding
     * @return its cap, never null
     * @throws RuntimeException if there is no such cap; the codec reports it as a {@link CodecException}
     */
    Cap<?> capOf(long id);
}
