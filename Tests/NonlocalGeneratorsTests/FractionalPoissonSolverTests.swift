// Tests of FractionalPoissonSolver: exact f = 1 and Dyda–Kuznetsov–Kwaśnicki pairs, convergence rates, symmetry, eigenvalues.
import Foundation
import NonlocalAssembly
import NonlocalGenerators
import NonlocalLinearAlgebra
import NonlocalTestSupport
import Testing

@Suite struct FractionalPoissonSolverTests {
    static func interval(_ h: Double) throws -> Grid { try Grid.interval(from: -1, to: 1, spacing: h, horizon: h) }
    static func disk(_ h: Double) throws -> Grid { try Grid.disk(radius: 1, spacing: h, horizon: h) }

    /// ‖u_h − u‖₂/‖u‖₂ over the unknowns for the exact pair of degree n.
    static func pairError(_ solver: FractionalPoissonSolver, degree n: Int) -> Double {
        let pair = FractionalPoissonExactSolution(order: solver.order, dimension: solver.dimension, degree: n)
        let exact = solver.coordinates.map { pair.solution(at: $0) }
        let computed = solver.solve(solver.coordinates.map { pair.forcing(at: $0) })
        return computed.subtracting(exact).euclideanNorm / exact.euclideanNorm
    }

    /// The largest eigenvalue of W on vectors of the given parity under x ↦ −x (index i ↦ N − 1 − i on the
    /// interval), by the power method: 200 steps, projecting on the parity each time so that rounding
    /// cannot bring the other class back. Within a class the two largest eigenvalues are 1/λ_k and
    /// 1/λ_{k+2}, in ratio < 0.4, so 200 steps converge fully.
    static func dominantEigenvalue(_ w: DenseMatrix, odd: Bool) -> Double {
        let n = w.rowCount
        let project = { (v: [Double]) in (0..<n).map { (v[$0] + (odd ? -1 : 1) * v[n - 1 - $0]) / 2 } }
        var v = project((0..<n).map { Double($0 + 1) })
        var value = 0.0
        for _ in 0..<200 {
            let next = project(w.multiplied(by: v))
            value = next.dot(v) / v.dot(v)
            v = next.map { $0 / next.euclideanNorm }
        }
        return value
    }

    @Test(arguments: [0.25, 0.5, 0.75])
    func constantForcingIsSolvedExactly(s: Double) throws {
        // W 1 = u₁ by construction (the subtraction), with or without the boundary correction (whose
        // extrapolation weights sum to 1): only rounding remains, far below the 1e-4 (1D) and 1e-3 (2D) asked.
        for grid in [try Self.interval(0.01), try Self.disk(0.05)] where grid.dimension == 1 || s == 0.75 {
            for correcting in [true, false] {
                let solver = try FractionalPoissonSolver(grid: grid, order: s, correctingBoundary: correcting)
                let exact = solver.coordinates.map {
                    FractionalPoissonSolver.constantForcingSolution(order: s, dimension: grid.dimension, at: $0)
                }
                let computed = solver.solve([Double](repeating: 1, count: solver.unknownCount))
                let error = computed.subtracting(exact).euclideanNorm / exact.euclideanNorm
                #expect(error <= 1e-13, "d = \(grid.dimension), s = \(s), corrected: \(correcting): \(error)")
            }
        }
    }

    @Test(arguments: [0.25, 0.5, 0.75])
    func oneDimensionalExactPairsAreSolvedToTheQuadratureError(s: Double) throws {
        // u = (1 − x²)^s P_n^{(s,−½)}(2x² − 1), f = λ_n P_n^{(s,−½)}(2x² − 1), h = 0.01. Measured: 1.5e-5 (s = ¼),
        // 8.9e-6 (½), 2.7e-6 (¾) for n = 1; 1.0e-4, 8.2e-5, 3.1e-5 for n = 2. The bound is the 1e-3 asked for.
        let solver = try FractionalPoissonSolver(grid: try Self.interval(0.01), order: s)
        for n in [1, 2] {
            let error = Self.pairError(solver, degree: n)
            #expect(error <= 1e-3, "s = \(s), n = \(n): \(error)")
        }
    }

    @Test(arguments: [0.25, 0.5, 0.75])
    func oneDimensionalRatesAreNavotsAndTheCorrectionRemovesTheLeadingTerm(s: Double) throws {
        // The plain subtracted rule errs by ζ(−s) g h^{1+s} at the two ends: halving h divides the error by
        // 2^{1+s} (measured rates 1.25, 1.50, 1.75). With the correction the next terms are O(h²) or
        // smaller (measured rates 2.0, 2.4, 2.7), and at h = 0.01 the error is 100–500 times smaller.
        for n in [1, 2] {
            var plain: [Double] = [], corrected: [Double] = []
            for h in [0.02, 0.01] {
                plain.append(Self.pairError(try FractionalPoissonSolver(grid: try Self.interval(h), order: s, correctingBoundary: false), degree: n))
                corrected.append(Self.pairError(try FractionalPoissonSolver(grid: try Self.interval(h), order: s), degree: n))
            }
            let plainRate = log2(plain[0] / plain[1]), correctedRate = log2(corrected[0] / corrected[1])
            #expect(abs(plainRate - (1 + s)) <= 0.05, "s = \(s), n = \(n): plain rate \(plainRate)")
            #expect(correctedRate >= 1.95, "s = \(s), n = \(n): corrected rate \(correctedRate)")
            #expect(corrected[1] <= plain[1] / 50, "s = \(s), n = \(n): \(corrected[1]) vs \(plain[1])")
        }
    }

    @Test(arguments: [0.25, 0.5, 0.75])
    func diskExactPairsConvergeAtSecondOrder(s: Double) throws {
        // Radial pairs u = (1 − |x|²)^s P_n^{(s,0)}(2|x|² − 1), f = λ_n P_n^{(s,0)}(2|x|² − 1). Measured at h = 0.05:
        // 7.1e-4, 1.8e-4, 1.6e-4 (n = 1) and 3.9e-3, 1.4e-3, 1.5e-3 (n = 2) for s = ¼, ½, ¾, i.e. 6–20 times
        // below the plain rule (4.7e-3 … 1.6e-2); from h = 0.1 the error falls by 2.7–7.6 (then by 4–8 at
        // h = 0.025). The bounds leave 40 % headroom over the worst measured case of each degree.
        let coarse = try FractionalPoissonSolver(grid: try Self.disk(0.1), order: s)
        let fine = try FractionalPoissonSolver(grid: try Self.disk(0.05), order: s)
        for (n, bound) in [(1, 1e-3), (2, 5.5e-3)] {
            let error = Self.pairError(fine, degree: n)
            #expect(error <= bound, "s = \(s), n = \(n): \(error)")
            #expect(Self.pairError(coarse, degree: n) >= 2.5 * error, "s = \(s), n = \(n): no convergence")
        }
    }

    @Test(arguments: [0.25, 0.5, 0.75])
    func solutionMatrixIsSymmetricAsTheGreenFunction(s: Double) throws {
        // The plain rule is W = G h^d off the diagonal: symmetric entry by entry, like G. The correction
        // changes only the diagonal and the columns of the last three nodes of each lattice line — the
        // nodes x with x ± 3h·e_k outside B₁ for some axis k — so W stays symmetric between all other nodes.
        for grid in [try Self.interval(0.01), try Self.disk(0.1)] {
            let plain = try FractionalPoissonSolver(grid: grid, order: s, correctingBoundary: false)
            let corrected = try FractionalPoissonSolver(grid: grid, order: s)
            let h = grid.spacing
            let deep = corrected.coordinates.map { x in
                (0..<grid.dimension).allSatisfy { k in
                    var step = SIMD2<Double>.zero
                    step[k] = 3 * h
                    return ((x + step) * (x + step)).sum() < 1 - 1e-9 && ((x - step) * (x - step)).sum() < 1 - 1e-9
                }
            }
            var plainSymmetric = true, correctedSymmetric = true, changed = 0
            for i in 0..<plain.unknownCount {
                for j in 0..<i {
                    if plain.solutionMatrix[i, j] != plain.solutionMatrix[j, i] { plainSymmetric = false }
                    if deep[i] && deep[j] && corrected.solutionMatrix[i, j] != corrected.solutionMatrix[j, i] {
                        correctedSymmetric = false
                    }
                    if corrected.solutionMatrix[i, j] != plain.solutionMatrix[i, j] { changed += 1 }
                }
            }
            #expect(plainSymmetric && correctedSymmetric, "d = \(grid.dimension), s = \(s)")
            #expect(changed > 0, "the correction changes W")
        }
    }

    @Test(arguments: [(0.75, 1.59750, 5.05976), (0.5, 1.1577738, nil as Double?)])
    func largestEigenvaluesOfWAreTheInverseFractionalEigenvalues(s: Double, first: Double, second: Double?) throws {
        // W ≈ ((−Δ)^s)^{−1} on (−1, 1), so its largest eigenvalue is 1/λ₁ (even eigenfunction) and its largest on
        // odd vectors 1/λ₂ (W commutes with x ↦ −x). DESIGN.md: λ₁ = 1.59750, λ₂ = 5.05976 (s = ¾), λ₁ = 1.1577738
        // (s = ½). Measured at h = 0.01 with the correction: 1/μ₁ within 2.0e-6 (¾) and 2.8e-6 (½) relative, 1/μ₂
        // within 6e-7 — the precision of the references; without it 7e-5, 2.3e-4 and 2.5e-4 (bound: the 1e-3 asked for).
        let grid = try Self.interval(0.01)
        for correcting in [true, false] {
            let solver = try FractionalPoissonSolver(grid: grid, order: s, correctingBoundary: correcting)
            let even = Self.dominantEigenvalue(solver.solutionMatrix, odd: false)
            #expect(abs(1 / even - first) <= 1e-3 * first, "s = \(s), corrected: \(correcting): 1/μ₁ = \(1 / even)")
            if correcting { #expect(abs(1 / even - first) <= 2e-5 * first, "s = \(s): 1/μ₁ = \(1 / even)") }
            if let second {
                let odd = Self.dominantEigenvalue(solver.solutionMatrix, odd: true)
                #expect(abs(1 / odd - second) <= 1e-3 * second, "s = \(s), corrected: \(correcting): 1/μ₂ = \(1 / odd)")
                if correcting { #expect(abs(1 / odd - second) <= 2e-5 * second, "s = \(s): 1/μ₂ = \(1 / odd)") }
            }
        }
    }

    @Test func solvingManyForcingsIsSolvingEachOne() throws {
        let solver = try FractionalPoissonSolver(grid: try Self.interval(0.05), order: 0.3)
        var random = SplitMix64(seed: 7)
        let columns = (0..<5).map { _ in random.uniform(solver.unknownCount) }
        let together = solver.solve(DenseMatrix(columns: columns))
        for (k, column) in columns.enumerated() {
            #expect(together.column(k).subtracting(solver.solve(column)).maximumNorm <= 1e-14 * together.frobeniusNorm)
        }
        #expect(solver.solutionMatrix.rowCount == solver.unknownCount && solver.unknownCount == 39)
    }

    @Test func rejectsOrdersOutsideTheUnitIntervalAndGridsOtherThanTheUnitBall() throws {
        let unit = try Self.interval(0.1)
        for s in [0, 1, -0.25, .nan] {
            #expect(throws: GeneratorError.self) { try FractionalPoissonSolver(grid: unit, order: s) }
        }
        let others: [Grid] = [
            .periodic(dimension: 1, points: 20),
            try .interval(from: -1, to: 2, spacing: 0.1, horizon: 0.1),
            try .interval(from: -0.5, to: 0.5, spacing: 0.1, horizon: 0.1),
            try .disk(radius: 0.5, spacing: 0.1, horizon: 0.1),
            try .square(from: -1, to: 1, spacing: 0.1, horizon: 0.1),
            try .square(from: -0.7, to: 0.7, spacing: 0.1, horizon: 0.1),
        ]
        for grid in others {
            #expect(throws: GeneratorError.self) { try FractionalPoissonSolver(grid: grid, order: 0.5) }
        }
        // The lattice may be offset: the midpoints of (−1, 1) are the lattice points of B₁ too.
        _ = try FractionalPoissonSolver(grid: try .interval(from: -1.05, to: 1.05, spacing: 0.1, horizon: 0.1), order: 0.5)
    }
}
