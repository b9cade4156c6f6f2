// DarcyFlow coarse-graining: exact averages over one period 2L of the microstructure, per cell pair (paper §6) or around every learning point.
import Foundation
import NonlocalLinearAlgebra

extension DarcyFlow {
    /// How fine solutions and forcings become data on the learning grid: both average over one
    /// period 2L of the microstructure, exactly.
    public enum CoarseGraining: String, Sendable, CaseIterable {
        /// The average over [x − L, x + L] around every learning point x: a moving average. It
        /// commutes with differentiation, so the data are smooth where the solution is, and the
        /// homogenized −κ* ū″ = f̄ holds at every point for long waves.
        case moving
        /// Paper §6 as printed: the average over each cell pair [2Lm, 2L(m + 1)), held constant on it.
        /// On the learning grid this is a staircase (ten points per step on the paper's grid),
        /// whose second differences do not converge to ū″: a kernel fitted to it sees the steps.
        case cellPairs = "cell-pairs"
    }

    /// Number of coarse cells: pairs of cells, [2Lm, 2L(m + 1)) for m = 0..<``cellCount``/2.
    public var coarseCellCount: Int { cellCount / 2 }

    /// 2L, the width of a coarse cell (one period of the microstructure).
    public var coarseCellWidth: Double { 2 * cellWidth }

    /// The averages ū_m = (1/2L) ∫_{2Lm}^{2L(m+1)} u_h of P1 functions given by their nodal
    /// values (``nodeCount`` × samples), exact: ``coarseCellCount`` × samples.
    ///
    /// A coarse cell spans 2·``elementsPerCell`` whole elements, and ∫_e u_h = h (u_i + u_{i+1})/2
    /// on each, so ū_m is the trapezoidal mean of the nodal values from its left edge to its
    /// right edge (node n is node 0).
    public func coarseAverages(ofNodalValues u: DenseMatrix) -> DenseMatrix {
        let n = nodeCount
        precondition(u.rowCount == n, "nodal values need \(n) rows, got \(u.rowCount)")
        let coarse = coarseCellCount, span = 2 * elementsPerCell
        var result = DenseMatrix(rowCount: coarse, columnCount: u.columnCount)
        u.storage.withUnsafeBufferPointer { nodal in
            result.storage.withUnsafeMutableBufferPointer { out in
                for s in 0..<u.columnCount {
                    let base = s * n
                    for m in 0..<coarse {
                        let first = m * span, last = (first + span) % n
                        var sum = 0.5 * (nodal[base + first] + nodal[base + last])
                        for i in (first + 1)..<(first + span) { sum += nodal[base + i] }
                        out[m + s * coarse] = sum / Double(span)
                    }
                }
            }
        }
        return result
    }

    /// The exact averages f̄_m = (1/2L) ∫_{2Lm}^{2L(m+1)} sin(ωx) dx (or the cosine), ω = 2πk/ℓ, of the forcings:
    /// ``coarseCellCount`` × samples.
    ///
    /// Written as sin(ω x_m^mid) · sinc(ωL) (cos(ω x_m^mid) · sinc(ωL)), sinc(t) = sin t / t, which avoids the cancellation
    /// in (cos ωa − cos ωb)/(2ωL) for small ωL; the phase ω x_m^mid = 2π k(2m + 1)/(2M) (M coarse
    /// cells) is reduced in integers.
    /// - Throws: ``GeneratorError/invalidParameter(name:value:allowed:)`` for a wavenumber below 1.
    public func coarseForcingAverages(wavenumbers: [Int], wave: Wave = .sine) throws(GeneratorError) -> DenseMatrix {
        try validate(wavenumbers: wavenumbers)
        let coarse = coarseCellCount, halves = 2 * coarseCellCount
        var result = DenseMatrix(rowCount: coarse, columnCount: wavenumbers.count)
        for (s, k) in wavenumbers.enumerated() {
            let t = Double.pi * Double(k) / Double(coarse)  // ωL = 2πk·L/ℓ, with ℓ = 2L·M
            let sinc = sin(t) / t
            for m in 0..<coarse {
                let phase = (k % halves) * (2 * m + 1) % halves
                result.storage[m + s * coarse] = sinc * wave.ofFullTurns(phase, over: halves)
            }
        }
        return result
    }

    /// The learning grid x_p = p·ℓ/P, p = 0..<P (paper §6: P = 500 points from 0 to 10).
    /// - Throws: ``GeneratorError/invalidParameter(name:value:allowed:)`` when P < 1.
    public func learningGrid(points: Int = 500) throws(GeneratorError) -> [Double] {
        try validate(learningPoints: points)
        return (0..<points).map { p in Double(p) * length / Double(points) }
    }

    /// Piecewise-constant coarse functions (``coarseCellCount`` × samples) sampled on the learning
    /// grid: x_p takes the value of the coarse cell [2Lm, 2L(m+1)) that contains it,
    /// m = ⌊p·M/P⌋ (M coarse cells), computed in integers so points on a cell edge belong to
    /// the cell on their right. Returns P × samples.
    /// - Throws: ``GeneratorError/invalidParameter(name:value:allowed:)`` when P < 1.
    public func sampledOnLearningGrid(_ coarse: DenseMatrix, points: Int = 500) throws(GeneratorError) -> DenseMatrix {
        try validate(learningPoints: points)
        let cells = coarseCellCount
        precondition(coarse.rowCount == cells, "coarse values need \(cells) rows, got \(coarse.rowCount)")
        let cellOfPoint = (0..<points).map { p in p * cells / points }
        var result = DenseMatrix(rowCount: points, columnCount: coarse.columnCount)
        for s in 0..<coarse.columnCount {
            for p in 0..<points { result.storage[p + s * points] = coarse.storage[cellOfPoint[p] + s * cells] }
        }
        return result
    }

    /// The moving averages ū(x_p) = (1/2L) ∫_{x_p − L}^{x_p + L} u_h of P1 functions given by their
    /// nodal values (``nodeCount`` × samples) at the learning points x_p = p·ℓ/P, exact: P × samples.
    ///
    /// A window spans 2·``elementsPerCell`` elements exactly: a piece of the element holding its left
    /// end (from the fraction s to 1), whole elements, and the same element's shape from 0 to s at its
    /// right end. The left end x_p − L = (p·n/P − ``elementsPerCell``)·h is located in integers, so
    /// windows that start on a node do so exactly.
    public func movingAverages(ofNodalValues u: DenseMatrix, points: Int = 500) throws(GeneratorError) -> DenseMatrix {
        try validate(learningPoints: points)
        let n = nodeCount, span = 2 * elementsPerCell
        precondition(u.rowCount == n, "nodal values need \(n) rows, got \(u.rowCount)")
        var result = DenseMatrix(rowCount: points, columnCount: u.columnCount)
        u.storage.withUnsafeBufferPointer { nodal in
            result.storage.withUnsafeMutableBufferPointer { out in
                for p in 0..<points {
                    // (x_p − L)/h = (p·n − elementsPerCell·P)/P = first + s, 0 ≤ s < 1.
                    let numerator = p * n - elementsPerCell * points
                    var first = numerator / points, remainder = numerator % points
                    if remainder < 0 { (first, remainder) = (first - 1, remainder + points) }
                    let s = Double(remainder) / Double(points)
                    first = ((first % n) + n) % n
                    for column in 0..<u.columnCount {
                        let base = column * n
                        let value = { (i: Int) in nodal[base + (first + i) % n] }
                        // ∫ over the left piece [s, 1] and the right piece [0, s] of a P1 element, in units of h.
                        var sum = value(0) * (1 - s) * (1 - s) / 2 + value(1) * (1 - s * s) / 2
                        sum += value(span) * (s - s * s / 2) + value(span + 1) * s * s / 2
                        // Whole elements first + 1 ..< first + span: the trapezoidal rule, exact for P1.
                        sum += 0.5 * (value(1) + value(span))
                        for i in 2..<span { sum += value(i) }
                        out[p + column * points] = sum / Double(span)
                    }
                }
            }
        }
        return result
    }

    /// The moving averages f̄(x_p) = (1/2L) ∫_{x_p − L}^{x_p + L} sin(ωy) dy = sin(ωx_p) · sinc(ωL)
    /// (or the cosine), ω = 2πk/ℓ, at the learning points x_p = p·ℓ/P: P × samples, with the phase
    /// ωx_p = 2π·kp/P reduced in integers.
    /// - Throws: ``GeneratorError/invalidParameter(name:value:allowed:)`` for a wavenumber below 1 or P < 1.
    public func movingForcingAverages(wavenumbers: [Int], wave: Wave = .sine, points: Int = 500) throws(GeneratorError) -> DenseMatrix {
        try validate(wavenumbers: wavenumbers)
        try validate(learningPoints: points)
        var result = DenseMatrix(rowCount: points, columnCount: wavenumbers.count)
        for (s, k) in wavenumbers.enumerated() {
            let t = Double.pi * Double(k) / Double(coarseCellCount)  // ωL
            let sinc = sin(t) / t, step = k % points
            var phase = 0
            for p in 0..<points {
                result.storage[p + s * points] = sinc * wave.ofFullTurns(phase, over: points)
                phase += step
                if phase >= points { phase -= points }
            }
        }
        return result
    }

    /// The training data of paper §6 for the given forcings: the coarse-grained solutions ū and
    /// forcings f̄ (exact averages over one period 2L, ``CoarseGraining``) on the learning grid of
    /// P points, each P × samples, column s for `wavenumbers[s]`.
    /// - Throws: ``GeneratorError/invalidParameter(name:value:allowed:)`` for a wavenumber below 1 or P < 1.
    public func coarseGrained(
        wavenumbers: [Int], wave: Wave = .sine, learningPoints: Int = 500, coarseGraining: CoarseGraining = .moving
    ) throws(GeneratorError) -> (u: DenseMatrix, f: DenseMatrix) {
        try validate(learningPoints: learningPoints)
        let u = try solve(wavenumbers: wavenumbers, wave: wave)
        switch coarseGraining {
        case .moving:
            return (
                try movingAverages(ofNodalValues: u, points: learningPoints),
                try movingForcingAverages(wavenumbers: wavenumbers, wave: wave, points: learningPoints)
            )
        case .cellPairs:
            return (
                try sampledOnLearningGrid(coarseAverages(ofNodalValues: u), points: learningPoints),
                try sampledOnLearningGrid(coarseForcingAverages(wavenumbers: wavenumbers, wave: wave), points: learningPoints)
            )
        }
    }

    private func validate(learningPoints: Int) throws(GeneratorError) {
        guard learningPoints >= 1, learningPoints <= Int(Int32.max) else {
            throw .invalidParameter(
                name: "learningPoints", value: "\(learningPoints)", allowed: "the learning grid needs between 1 and 2³¹ − 1 points")
        }
    }
}
