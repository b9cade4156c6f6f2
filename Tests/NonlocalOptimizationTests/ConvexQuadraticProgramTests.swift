// Tests of the interior-point QP solver: analytic minimizers and multipliers, singular Q, Q = 0, scale invariance, infeasible and unbounded programs.
import NonlocalLinearAlgebra
import NonlocalOptimization
import Testing

@Suite struct ConvexQuadraticProgramTests {
    /// `[I; −I] x ≤ [upper; −lower]`.
    static func box(_ n: Int, lower: Double, upper: Double) -> (DenseMatrix, [Double]) {
        var a = DenseMatrix(rowCount: 2 * n, columnCount: n)
        for j in 0..<n { (a[j, j], a[n + j, j]) = (1, -1) }
        return (a, [Double](repeating: upper, count: n) + [Double](repeating: -lower, count: n))
    }

    /// The projection `argmin ½|x − a|²` of a point a under `constraints x ≤ bounds`.
    static func projection(of point: [Double], constraints: DenseMatrix, bounds: [Double]) -> ConvexQuadraticProgram {
        ConvexQuadraticProgram(
            quadratic: .identity(point.count), linear: point.map { -$0 }, constraints: constraints, bounds: bounds)
    }

    /// The KKT conditions in the program's own units: z ≥ 0, and the three residuals relative
    /// to the terms they sum.
    static func checkOptimality(_ program: ConvexQuadraticProgram, _ solution: ConvexQuadraticProgram.Solution, tolerance: Double) {
        let (x, z) = (solution.minimizer, solution.multipliers)
        #expect(z.allSatisfy { $0 >= 0 })
        let qx = program.quadratic.multiplied(by: x), ax = program.constraints.multiplied(by: x)
        let atz = program.constraints.multiplied(by: z, transposingSelf: true)
        var gradient = qx
        gradient.add(program.linear)
        gradient.add(atz)
        #expect(gradient.maximumNorm <= tolerance * max(qx.maximumNorm, program.linear.maximumNorm, atz.maximumNorm))
        let slack = program.bounds.subtracting(ax)
        let rowSize = zip(program.bounds, ax).map { abs($0) + abs($1) }.max() ?? 0
        #expect(slack.allSatisfy { $0 >= -tolerance * rowSize })
        let gap = zip(z, slack).map { abs($0 * $1) }.max() ?? 0
        #expect(gap <= tolerance * max(abs(x.dot(qx)), abs(program.linear.dot(x)), abs(program.bounds.dot(z))))
        #expect(solution.residuals.maximum <= tolerance, "residuals \(solution.residuals)")
    }

    @Test func projectionOntoABoxClampsEachCoordinate() throws {
        let point = [2.5, -0.3, -1.7, 0.9, 3.0, -2.2, 0.0]
        let (a, b) = Self.box(point.count, lower: -1, upper: 1)
        let program = Self.projection(of: point, constraints: a, bounds: b)
        let solution = try program.solve()
        let expected = point.map { min(1, max(-1, $0)) }
        #expect(solution.minimizer.subtracting(expected).maximumNorm <= 1e-9)
        // z_upper = (a − 1)₊, z_lower = (−1 − a)₊: the gradient x − a balanced by the active bounds.
        let multipliers = point.map { max(0, $0 - 1) } + point.map { max(0, -1 - $0) }
        #expect(solution.multipliers.subtracting(multipliers).maximumNorm <= 1e-9)
        Self.checkOptimality(program, solution, tolerance: 1e-9)
    }

    @Test func projectionOntoTheSimplexShiftsAndClips() throws {
        // {x ≥ 0, Σx ≤ 1}; the point's positive part sums past 1, so the projection lies on the
        // face Σx = 1: x = (a − θ)₊ with θ fixed by Σ(a − θ)₊ = 1 (Held, Wolfe and Crowder).
        let point = [0.8, 0.6, -0.4, 0.3, 0.05, 1.1]
        let n = point.count
        var a = DenseMatrix(rowCount: n + 1, columnCount: n)
        for j in 0..<n { (a[j, j], a[n, j]) = (-1, 1) }
        let program = Self.projection(of: point, constraints: a, bounds: [Double](repeating: 0, count: n) + [1])
        let solution = try program.solve()
        let sorted = point.sorted(by: >)
        var theta = 0.0
        for k in 1...n {
            let candidate = (sorted[0..<k].reduce(0, +) - 1) / Double(k)
            if sorted[k - 1] > candidate { theta = candidate }
        }
        let expected = point.map { max(0, $0 - theta) }
        #expect(abs(expected.reduce(0, +) - 1) <= 1e-15)
        #expect(solution.minimizer.subtracting(expected).maximumNorm <= 1e-9)
        #expect(abs(solution.multipliers[n] - theta) <= 1e-9)
        Self.checkOptimality(program, solution, tolerance: 1e-9)
    }

    @Test(arguments: [1.5, -4.0])
    func projectionOntoAHalfSpace(level: Double) throws {
        // x = a − ((wᵀa − β)₊ / |w|²) w, z = (wᵀa − β)₊ / |w|²: active for β = −4, not for 1.5.
        let point = [1.0, -2.0, 0.5, 3.0], normal = [2.0, 1.0, -1.0, 0.5]
        let program = Self.projection(
            of: point, constraints: DenseMatrix(rowCount: 1, columnCount: 4, storage: normal), bounds: [level])
        let solution = try program.solve()
        let violation = max(0, normal.dot(point) - level) / normal.dot(normal)
        var expected = point
        expected.add(normal, scaledBy: -violation)
        #expect(solution.minimizer.subtracting(expected).maximumNorm <= 1e-9)
        #expect(abs(solution.multipliers[0] - violation) <= 1e-9)
        Self.checkOptimality(program, solution, tolerance: 1e-9)
    }

    @Test func singularQuadraticTermWithAnActiveConstraint() throws {
        // min ½(x₁ − x₂)² − x₁ − x₂ s.t. x₁ + 2x₂ ≤ 3, x ≥ 0. Q has rank 1; along the active
        // row, f(3 − 2x₂, x₂) = ½(3 − 3x₂)² − 3 + x₂ is minimal at x₂ = 8/9: x = (11/9, 8/9),
        // and −∇f = (2/3, 4/3) = z (1, 2) with z = 2/3.
        let q = DenseMatrix(columns: [[1, -1], [-1, 1]])
        let a = DenseMatrix(columns: [[1, -1, 0], [2, 0, -1]])
        let program = ConvexQuadraticProgram(quadratic: q, linear: [-1, -1], constraints: a, bounds: [3, 0, 0])
        let solution = try program.solve()
        #expect(solution.minimizer.subtracting([11.0 / 9, 8.0 / 9]).maximumNorm <= 1e-9)
        #expect(solution.multipliers.subtracting([2.0 / 3, 0, 0]).maximumNorm <= 1e-9)
        Self.checkOptimality(program, solution, tolerance: 1e-9)
    }

    @Test func singularQuadraticTermOnABox() throws {
        // Q = diag(1, 0, 0): x₁ is pulled to 2 and x₂, x₃ by a linear term alone, all to a bound.
        var q = DenseMatrix(rowCount: 3, columnCount: 3)
        q[0, 0] = 1
        let (a, b) = Self.box(3, lower: 0, upper: 1)
        let program = ConvexQuadraticProgram(quadratic: q, linear: [-2, -1, 0.5], constraints: a, bounds: b)
        let solution = try program.solve()
        #expect(solution.minimizer.subtracting([1, 1, 0]).maximumNorm <= 1e-9)
        #expect(solution.multipliers.subtracting([1, 1, 0, 0, 0, 0.5]).maximumNorm <= 1e-9)
        Self.checkOptimality(program, solution, tolerance: 1e-9)
    }

    @Test func linearProgramWithABoundedFeasibleSet() throws {
        // min −x₁ − 2x₂ s.t. x₁ + x₂ ≤ 4, x₁ + 3x₂ ≤ 6, x ≥ 0: the vertices (0,0), (4,0), (3,1),
        // (0,2) give 0, −4, −5, −4, so x = (3, 1), with (1, 2) = z₁(1, 1) + z₂(1, 3): z = (½, ½).
        let a = DenseMatrix(columns: [[1, 1, -1, 0], [1, 3, 0, -1]])
        let program = ConvexQuadraticProgram(
            quadratic: DenseMatrix(rowCount: 2, columnCount: 2), linear: [-1, -2], constraints: a, bounds: [4, 6, 0, 0])
        let solution = try program.solve()
        #expect(solution.minimizer.subtracting([3, 1]).maximumNorm <= 1e-9)
        #expect(solution.multipliers.subtracting([0.5, 0.5, 0, 0]).maximumNorm <= 1e-9)
        Self.checkOptimality(program, solution, tolerance: 1e-9)
    }

    @Test func degenerateVertexWithMoreActiveRowsThanVariables() throws {
        // min −x₁ − x₂ s.t. x₁ ≤ 1, x₂ ≤ 1, x₁ + x₂ ≤ 2, x ≥ 0: three rows active at (1, 1),
        // so the multipliers are not unique (z₁ + z₃ = z₂ + z₃ = 1) but the minimizer is.
        let a = DenseMatrix(columns: [[1, 0, 1, -1, 0], [0, 1, 1, 0, -1]])
        let program = ConvexQuadraticProgram(
            quadratic: DenseMatrix(rowCount: 2, columnCount: 2), linear: [-1, -1], constraints: a, bounds: [1, 1, 2, 0, 0])
        let solution = try program.solve()
        #expect(solution.minimizer.subtracting([1, 1]).maximumNorm <= 1e-9)
        let z = solution.multipliers
        #expect(abs(z[0] + z[2] - 1) <= 1e-9 && abs(z[1] + z[2] - 1) <= 1e-9)
        Self.checkOptimality(program, solution, tolerance: 1e-9)
    }

    @Test func scalingTheDataLeavesTheMinimizerUnchanged() throws {
        // Objective × 10⁶, rows of A and b × 10⁻⁵ and ×10³, x in other units: the same point.
        let point = [2.5, -0.3, -1.7, 0.9]
        let (a, b) = Self.box(point.count, lower: -1, upper: 1)
        let reference = try Self.projection(of: point, constraints: a, bounds: b).solve()
        let units = [1e-3, 1.0, 1e4, 7.0]  // x = units ∘ y
        var q = DenseMatrix(rowCount: 4, columnCount: 4)
        var scaledA = a
        for j in 0..<4 {
            q[j, j] = 1e6 * units[j] * units[j]
            for i in 0..<8 { scaledA[i, j] *= units[j] * (i < 4 ? 1e-5 : 1e3) }
        }
        let program = ConvexQuadraticProgram(
            quadratic: q, linear: (0..<4).map { -1e6 * point[$0] * units[$0] }, constraints: scaledA,
            bounds: (0..<8).map { b[$0] * ($0 < 4 ? 1e-5 : 1e3) })
        let solution = try program.solve()
        let x = zip(solution.minimizer, units).map { $0 * $1 }
        #expect(x.subtracting(reference.minimizer).maximumNorm <= 1e-9)
        Self.checkOptimality(program, solution, tolerance: 1e-9)
    }

    @Test func randomStrictlyConvexProgramsSatisfyKKT() throws {
        var generator = SplitMix64(seed: 17)
        for (n, m) in [(5, 3), (12, 30), (40, 90)] {
            let factor = DenseMatrix(rowCount: n, columnCount: n, storage: generator.uniform(n * n))
            let q = factor.multiplied(by: factor, transposingSelf: true)
            let a = DenseMatrix(rowCount: m, columnCount: n, storage: generator.uniform(m * n))
            // b = A x₀ + a positive margin: x₀ is strictly feasible.
            var b = a.multiplied(by: generator.uniform(n))
            b.add(generator.uniform(m, in: 0.01..<1))
            let program = ConvexQuadraticProgram(quadratic: q, linear: generator.uniform(n, in: -10..<10), constraints: a, bounds: b)
            let solution = try program.solve()
            Self.checkOptimality(program, solution, tolerance: 1e-9)
            #expect(solution.iterations <= 40, "n = \(n), m = \(m): \(solution.iterations) iterations")
        }
    }

    @Test func infeasibleAndUnboundedProgramsThrow() {
        // x ≤ −1 and x ≥ 1.
        let infeasible = ConvexQuadraticProgram(
            quadratic: .identity(1), linear: [0], constraints: DenseMatrix(columns: [[1, -1]]), bounds: [-1, -1])
        #expect(throws: OptimizationError.self) { try infeasible.solve() }
        // min −x s.t. x ≥ 0.
        let unbounded = ConvexQuadraticProgram(
            quadratic: DenseMatrix(rowCount: 1, columnCount: 1), linear: [-1], constraints: DenseMatrix(columns: [[-1]]), bounds: [0])
        #expect(throws: OptimizationError.self) { try unbounded.solve() }
    }
}
