// SplitMix64: the seeded generator every randomized test uses, so failures reproduce.

/// Steele, Lea and Flood's SplitMix64 (the generator swift-algorithms tests with).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// n numbers uniform in [low, high).
    public mutating func uniform(_ n: Int, in range: Range<Double> = -1..<1) -> [Double] {
        (0..<n).map { _ in Double.random(in: range, using: &self) }
    }
}
