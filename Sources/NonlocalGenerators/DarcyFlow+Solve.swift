// DarcyFlow solve: sine forcings, their exact P1 load vectors, and the periodic zero-mean solutions for many samples at once.
import Foundation
import NonlocalLinearAlgebra

extension DarcyFlow {
    /// Which trigonometric function of 2πkx/ℓ a forcing is: samples combine the two
    /// (`DarcyProblem`: a sin + b cos, a random amplitude and phase).
    public enum Wave: Sendable {
        case sine, cosine

        /// sin or cos of 2πm/n (``sineOfFullTurns(_:over:)``, ``cosineOfFullTurns(_:over:)``).
        func ofFullTurns(_ m: Int, over n: Int) -> Double {
            self == .sine ? DarcyFlow.sineOfFullTurns(m, over: n) : DarcyFlow.cosineOfFullTurns(m, over: n)
        }
    }

    /// The nodal values f(x_i) = sin(2πk x_i / ℓ) (or the cosine) of the forcings, ``nodeCount`` × samples
    /// (column s for `wavenumbers[s]`).
    ///
    /// The phase 2πk x_i/ℓ = 2π (k·i mod n)/n is reduced in integers, so values are exact to
    /// rounding for any k and repeat exactly with period n.
    /// - Throws: ``GeneratorError/invalidParameter(name:value:allowed:)`` for a wavenumber below 1.
    public func forcing(wavenumbers: [Int], wave: Wave = .sine) throws(GeneratorError) -> DenseMatrix {
        try validate(wavenumbers: wavenumbers)
        return nodalWaves(wavenumbers: wavenumbers, wave: wave, scaledBy: { _ in 1 })
    }

    /// The load vectors b_i = ∫_Ω f φ_i of the forcings, integrated exactly against the hat
    /// functions φ_i, ``nodeCount`` × samples.
    ///
    /// A hat of half-width h is even about its node, so with ω = 2πk/ℓ
    /// `∫ sin(ωx) φ_i(x) dx = sin(ωx_i) · h · sinc²(ωh/2)`, sinc(t) = sin t / t (the hat's Fourier
    /// transform), and likewise for the cosine. Σ_i b_i = ∫_Ω f = 0.
    /// - Throws: ``GeneratorError/invalidParameter(name:value:allowed:)`` for a wavenumber below 1.
    public func load(wavenumbers: [Int], wave: Wave = .sine) throws(GeneratorError) -> DenseMatrix {
        try validate(wavenumbers: wavenumbers)
        let h = elementWidth
        return nodalWaves(wavenumbers: wavenumbers, wave: wave) { k in
            let t = Double.pi * Double(k) * h / length
            let sinc = sin(t) / t
            return h * sinc * sinc
        }
    }

    /// The P1 solutions of −(κu′)′ = sin(2πkx/ℓ) (or the cosine), periodic with zero mean, as nodal values
    /// (node i at x_i = i·h), ``nodeCount`` × samples.
    ///
    /// K u = b is singular (K 1 = 0) and solvable because Σ b_i = 0. Node 0 is grounded (u_0 = 0)
    /// and the remaining symmetric positive definite chain, a path graph with no fill in its
    /// natural order, is factorized once by CHOLMOD and solved for all samples at once; then
    /// each column is shifted to zero mean. On a uniform periodic mesh the mean of a P1 function
    /// is the mean of its nodal values, (1/ℓ)∫u_h = (1/n) Σ u_i. Before grounding, b is
    /// projected onto the range of K (its rounding-level sum removed), so the dropped equation
    /// of node 0 holds as well as the others.
    /// - Throws: ``GeneratorError/invalidParameter(name:value:allowed:)`` for a wavenumber below 1.
    public func solve(wavenumbers: [Int], wave: Wave = .sine) throws(GeneratorError) -> DenseMatrix {
        let b = try load(wavenumbers: wavenumbers, wave: wave)
        let n = nodeCount, samples = wavenumbers.count
        guard samples > 0 else { return b }
        // Right-hand sides of the grounded system: rows 1..<n of the projected b.
        var reduced = DenseMatrix(rowCount: n - 1, columnCount: samples)
        b.storage.withUnsafeBufferPointer { full in
            reduced.storage.withUnsafeMutableBufferPointer { out in
                for s in 0..<samples {
                    var sum = 0.0
                    for i in 0..<n { sum += full[i + s * n] }
                    let mean = sum / Double(n)
                    for i in 1..<n { out[(i - 1) + s * (n - 1)] = full[i + s * n] - mean }
                }
            }
        }
        // Factorizing this chain takes well under a millisecond; doing it per call keeps
        // DarcyFlow a Sendable value (a CHOLMOD factor is a mutable C resource).
        let factorization: CholeskyFactorization
        do {
            factorization = try CholeskyFactorization(factorizing: groundedStiffness, ordering: .natural)
        } catch {
            // A weighted path graph with positive normal weights and contrast ≤ maximumContrast
            // is a diagonally dominant M-matrix: its pivots stay positive in floating point.
            preconditionFailure("the grounded stiffness of validated parameters must factorize: \(error)")
        }
        let x = factorization.solve(reduced)
        var u = DenseMatrix(rowCount: n, columnCount: samples)
        x.storage.withUnsafeBufferPointer { grounded in
            u.storage.withUnsafeMutableBufferPointer { out in
                for s in 0..<samples {
                    var sum = 0.0
                    for i in 1..<n { sum += grounded[(i - 1) + s * (n - 1)] }
                    let mean = sum / Double(n)
                    out[s * n] = -mean
                    for i in 1..<n { out[i + s * n] = grounded[(i - 1) + s * (n - 1)] - mean }
                }
            }
        }
        return u
    }

    /// sin(2π m / n), with sin(π j / n) evaluated only for 0 ≤ j ≤ n/2 (angles in [0, π/2]), so
    /// the values vanish exactly at m = 0 and m = n/2 and are exactly odd and periodic in m.
    static func sineOfFullTurns(_ m: Int, over n: Int) -> Double {
        precondition(n >= 1, "a full turn needs n ≥ 1 steps")
        var r = m % n
        if r < 0 { r += n }
        let sign: Double = 2 * r > n ? -1 : 1  // sin(2π − θ) = −sin θ
        if 2 * r > n { r = n - r }
        // θ = 2πr/n ∈ [0, π]; sin θ = sin(π − θ), and the smaller angle is π·min(2r, n − 2r)/n.
        return sign * sin(Double.pi * Double(min(2 * r, n - 2 * r)) / Double(n))
    }

    /// cos(2π m / n), from angles in [0, π/2] as ``sineOfFullTurns(_:over:)``: exactly even and
    /// periodic in m, and exactly 0 at m = n/4 when n is a multiple of 4.
    static func cosineOfFullTurns(_ m: Int, over n: Int) -> Double {
        precondition(n >= 1, "a full turn needs n ≥ 1 steps")
        var r = m % n
        if r < 0 { r += n }
        r = min(r, n - r)  // cos is even: θ = 2πr/n ∈ [0, π]
        // cos θ = sin(π/2 − θ): for θ ≤ π/2 the sine of the complement, else −cos(π − θ).
        return 4 * r <= n ? sin(Double.pi * Double(n - 4 * r) / Double(2 * n)) : -sin(Double.pi * Double(4 * r - n) / Double(2 * n))
    }

    /// Column s holds `scale(k) · sin(2π k i / n)` (or the cosine) for k = `wavenumbers[s]`,
    /// i = 0..<n, from one table of sin(2πm/n): the phase index k·i mod n is exact in integers.
    private func nodalWaves(wavenumbers: [Int], wave: Wave, scaledBy scale: (Int) -> Double) -> DenseMatrix {
        let n = nodeCount
        let table = (0..<n).map { m in wave.ofFullTurns(m, over: n) }
        var result = DenseMatrix(rowCount: n, columnCount: wavenumbers.count)
        result.storage.withUnsafeMutableBufferPointer { out in
            for (s, k) in wavenumbers.enumerated() {
                let factor = scale(k), step = k % n
                var phase = 0
                for i in 0..<n {
                    out[i + s * n] = factor * table[phase]
                    phase += step
                    if phase >= n { phase -= n }
                }
            }
        }
        return result
    }
}
