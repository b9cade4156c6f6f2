// SplitMix64: a small seeded generator so property tests are reproducible.

/// Steele, Lea and Flood's SplitMix64 (2014), the generator swift-algorithms' tests use.
///
/// Each call adds the golden-ratio increment 0x9E3779B97F4A7C15 to the state and
/// returns a bijective mix of it, so every seed gives a full-period stream of 2⁶⁴ values.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose stream is fixed by `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
