// SplitMix64: the seeded generator behind every random choice, so the same seed gives the same bytes.

/// Steele, Lea and Flood's SplitMix64 (the generator swift-algorithms tests with). Its uniform
/// draws use a fixed recipe (53 high bits), not the standard library's `Double.random`, whose
/// algorithm is not part of its contract: generated data stay byte-identical across toolchains.
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

    /// A double uniform in [0, 1): the top 53 bits of one draw.
    public mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// n doubles uniform in [low, high).
    public mutating func uniform(_ n: Int, in range: Range<Double> = -1..<1) -> [Double] {
        (0..<n).map { _ in range.lowerBound + (range.upperBound - range.lowerBound) * nextUnit() }
    }

    /// Puts `elements` in a uniformly random order: Fisher–Yates from the last position down, each
    /// swap drawing ``integer(in:)`` (as `torch.randperm` from the identity), so a seed fixes the order.
    public mutating func shuffle<T>(_ elements: inout [T]) {
        var i = elements.count - 1
        while i > 0 {
            elements.swapAt(i, integer(in: 0...i))
            i -= 1
        }
    }

    /// An integer uniform in `range` (modulo bias below 2⁻⁵⁰ for ranges under 2¹⁴).
    public mutating func integer(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }
}
