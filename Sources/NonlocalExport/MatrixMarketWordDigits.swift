// MatrixMarketWordDigits: finds and reads the decimal digits at the start of eight bytes at once.

/// Digit scanning eight bytes at a time (SWAR: SIMD within a register), which the one-pass
/// entry reader uses. Written here because the techniques are a few lines each (fast_float's
/// and simdjson's) and no maintained Swift package provides them.
package enum MatrixMarketWordDigits {
    /// The eight bytes at `p`, the first in the lowest byte.
    @inline(__always) package static func word(at p: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
    }

    /// How many of `word`'s bytes, lowest first, are digits before the first that is not: 0…8.
    ///
    /// A byte is flagged when subtracting `0` borrows from it or adding 0x46 carries into its
    /// top bit: exactly the bytes outside `0`…`9`. A digit byte neither borrows nor carries, so
    /// the bytes below the first flagged one cannot disturb it, and it is found exactly.
    @inline(__always) package static func leadingDigitCount(_ word: UInt64) -> Int {
        let flags = ((word &+ 0x4646_4646_4646_4646) | (word &- 0x3030_3030_3030_3030)) & 0x8080_8080_8080_8080
        return flags.trailingZeroBitCount &>> 3
    }

    /// The value of the first `count` bytes of `word` (0…8), which must be digits; 0 for none.
    ///
    /// The digits are shifted up to become the last `count` of eight, after zeros, and
    /// combined as ``eightDigitsValue(_:)`` combines eight.
    @inline(__always) package static func digitsValue(_ word: UInt64, count: Int) -> UInt64 {
        // A shift by 64 would keep every byte (shift counts are taken modulo 64): mask instead.
        let kept = (word &- 0x3030_3030_3030_3030) & (count == 0 ? 0 : ~0)
        return combine(kept &<< UInt64(64 &- 8 &* count))
    }

    /// The value of `word`'s eight bytes, which must all be digits.
    @inline(__always) package static func eightDigitsValue(_ word: UInt64) -> UInt64 {
        combine(word &- 0x3030_3030_3030_3030)
    }

    /// The number whose eight decimal digits are `digits`' bytes (0…9 each, the most
    /// significant in the lowest byte), joined as fast_float's `parse_eight_digits_unrolled`
    /// joins them: pairs, then quads and halves, with three multiplications.
    @inline(__always) private static func combine(_ digits: UInt64) -> UInt64 {
        let pairs = digits &* 10 &+ (digits &>> 8)  // each even byte holds two digits' value
        let low = pairs & 0x0000_00FF_0000_00FF
        let high = (pairs &>> 16) & 0x0000_00FF_0000_00FF
        return ((low &* 0x000F_4240_0000_0064 &+ high &* 0x0000_2710_0000_0001) &>> 32) & 0xFFFF_FFFF
    }
}
