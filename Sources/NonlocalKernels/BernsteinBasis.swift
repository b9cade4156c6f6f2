// BernsteinBasis: the Bernstein polynomials B_{m,M}(t) on [0, 1], evaluated without cancellation.

/// The Bernstein basis of order M ≥ 0 (paper, below eq. 3.11):
/// `B_{m,M}(t) = binom(M, m) tᵐ (1 − t)^{M−m}`, m = 0…M, t ∈ [0, 1].
///
/// Both evaluations use recurrences whose terms are all nonnegative on [0, 1] (for `evaluate`,
/// up to the signs of the coefficients), so no binomial coefficient is formed and nothing
/// cancels: each basis value has relative error of order M·ε, for any M (tested to M = 60).
public struct BernsteinBasis: Sendable, Hashable {
    /// M ≥ 0, the polynomial degree.
    public let order: Int

    public init(order: Int) {
        precondition(order >= 0, "the Bernstein order M must be ≥ 0")
        self.order = order
    }

    /// M + 1, the number of basis polynomials.
    public var count: Int { order + 1 }

    /// `∫₀¹ B_{m,M}(t) dt = 1/(M + 1)` for every m (a Beta integral), m = 0…M.
    public var integrals: [Double] { Array(repeating: 1 / Double(count), count: count) }

    /// `[B_{0,M}(t), …, B_{M,M}(t)]` for t ∈ [0, 1]; they sum to 1.
    public func values(at t: Double) -> [Double] {
        Array(unsafeUninitializedCapacity: count) { buffer, initialized in
            buffer.initialize(repeating: 0)
            values(at: t, into: buffer)
            initialized = count
        }
    }

    /// Writes `B_{m,M}(t)`, m = 0…M, into `buffer[0...M]` (`buffer.count ≥ M + 1`, initialized),
    /// without allocating: for hot loops.
    ///
    /// Raises the degree one step at a time, `B_{m,k+1} = (1 − t) B_{m,k} + t B_{m−1,k}`,
    /// from `B_{0,0} = 1`, in place from the top index down.
    @inlinable
    public func values(at t: Double, into buffer: UnsafeMutableBufferPointer<Double>) {
        precondition(t >= 0 && t <= 1, "Bernstein polynomials are evaluated for t in [0, 1]")
        precondition(buffer.count >= count, "the buffer needs M + 1 entries")
        let s = 1 - t
        buffer[0] = 1
        for k in 0..<order {
            buffer[k + 1] = t * buffer[k]
            var m = k
            while m > 0 {
                buffer[m] = s * buffer[m] + t * buffer[m - 1]
                m -= 1
            }
            buffer[0] *= s
        }
    }

    /// `Σ_m c_m B_{m,M}(t)` for t ∈ [0, 1] (`coefficients.count == M + 1`), by de Casteljau's
    /// algorithm: repeated convex combinations `c_m ← (1 − t) c_m + t c_{m+1}`. Stack scratch only.
    @inlinable
    public func evaluate(_ coefficients: [Double], at t: Double) -> Double {
        precondition(t >= 0 && t <= 1, "Bernstein polynomials are evaluated for t in [0, 1]")
        precondition(coefficients.count == count, "need M + 1 coefficients")
        let s = 1 - t
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: count) { c in
            _ = c.initialize(fromContentsOf: coefficients)
            for k in stride(from: order, to: 0, by: -1) {
                for m in 0..<k { c[m] = s * c[m] + t * c[m + 1] }
            }
            return c[0]
        }
    }
}
