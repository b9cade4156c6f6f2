// Tests of the structured L1-ball QP: soft thresholding, a linear objective's vertex, an inactive ball, and agreement with the dense solver on the same program in epigraph form.
import NonlocalLinearAlgebra
import NonlocalOptimization
import Testing

@Suite struct L1BallQuadraticProgramTests {
    /// ½yᵀHy + hᵀy.
    static func objective(_ program: L1BallQuadraticProgram, _ y: [Double]) -> Double {
        0.5 * y.dot(program.quadratic.multiplied(by: y)) + program.linear.dot(y)
    }

    static func l1Norm(_ program: L1BallQuadraticProgram, _ y: [Double]) -> Double {
        program.rows.multiplied(by: y).reduce(0) { $0 + abs($1) }
    }

    @Test func projectionOntoTheBallSoftThresholds() throws {
        // argmin ½|y − a|² over ‖y‖₁ ≤ β is sign(a)(|a| − θ)₊ with Σ(|a| − θ)₊ = β (Duchi et
        // al. 2008), and θ is the ball's multiplier.
        let point = [2.5, -0.3, -1.7, 0.9, 3.0, -2.2, 0.0]
        let radius = 4.0
        let program = L1BallQuadraticProgram(
            quadratic: .identity(point.count), linear: point.map { -$0 }, rows: .identity(point.count), radius: radius)
        let solution = try program.solve()
        let magnitudes = point.map(abs).sorted(by: >)
        var theta = 0.0
        for k in 1...magnitudes.count {
            let candidate = (magnitudes[0..<k].reduce(0, +) - radius) / Double(k)
            if magnitudes[k - 1] > candidate { theta = candidate }
        }
        let expected = point.map { ($0 < 0 ? -1 : 1) * max(0, abs($0) - theta) }
        #expect(abs(expected.map(abs).reduce(0, +) - radius) <= 1e-14)
        #expect(solution.minimizer.subtracting(expected).maximumNorm <= 1e-9)
        #expect(abs(solution.multiplier - theta) <= 1e-9)
        #expect(solution.residuals.maximum <= 1e-9)
    }

    @Test func aLinearObjectiveReachesTheVertexOfItsLargestCoefficient() throws {
        // min hᵀy over ‖y‖₁ ≤ β: y = −β sign(h_i) e_i at i = argmax |h_i|, λ = ‖h‖∞.
        let h = [0.5, -3.0, 1.25, 2.0]
        let program = L1BallQuadraticProgram(
            quadratic: DenseMatrix(rowCount: 4, columnCount: 4), linear: h, rows: .identity(4), radius: 2)
        let solution = try program.solve()
        #expect(solution.minimizer.subtracting([0, 2, 0, 0]).maximumNorm <= 1e-8)
        #expect(abs(solution.multiplier - 3) <= 1e-8)
    }

    @Test func anInactiveBallLeavesTheUnconstrainedMinimizer() throws {
        // H = diag(1, 2, 4), h = −(1, 1, 1): y = (1, ½, ¼), ‖y‖₁ = 1.75 < 10, λ = 0.
        var h = DenseMatrix(rowCount: 3, columnCount: 3)
        (h[0, 0], h[1, 1], h[2, 2]) = (1, 2, 4)
        let program = L1BallQuadraticProgram(quadratic: h, linear: [-1, -1, -1], rows: .identity(3), radius: 10)
        let solution = try program.solve()
        #expect(solution.minimizer.subtracting([1, 0.5, 0.25]).maximumNorm <= 1e-9)
        #expect(abs(solution.multiplier) <= 1e-9)
    }

    /// Random semi-definite H of rank `rank`, tall and wide F, against the dense solver on the
    /// epigraph form: the same optimal value, a feasible y, and both certificates small.
    @Test(arguments: [(r: 6, rows: 20, rank: 6), (r: 12, rows: 40, rank: 4), (r: 10, rows: 5, rank: 10), (r: 21, rows: 100, rank: 21)])
    func agreesWithTheDenseSolverOnTheEpigraphForm(r: Int, rows: Int, rank: Int) throws {
        var generator = SplitMix64(seed: UInt64(100 * r + rows))
        let factor = DenseMatrix(rowCount: rank, columnCount: r, storage: generator.uniform(rank * r, in: -1..<1))
        let h = factor.multiplied(by: factor, transposingSelf: true)
        let f = DenseMatrix(rowCount: rows, columnCount: r, storage: generator.uniform(rows * r, in: -1..<1))
        let program = L1BallQuadraticProgram(quadratic: h, linear: generator.uniform(r, in: -10..<10), rows: f, radius: 0.7)
        let solution = try program.solve()
        let dense = try program.epigraphForm.solve()
        let denseY = Array(dense.minimizer[0..<r])
        let (value, denseValue) = (Self.objective(program, solution.minimizer), Self.objective(program, denseY))
        #expect(abs(value - denseValue) <= 1e-9 * max(1, abs(denseValue)), "structured \(value), dense \(denseValue)")
        #expect(Self.l1Norm(program, solution.minimizer) <= 0.7 * (1 + 1e-9))
        #expect(abs(solution.multiplier - dense.multipliers[2 * rows]) <= 1e-7 * max(1, dense.multipliers[2 * rows]))
        #expect(solution.residuals.maximum <= 1e-9, "residuals \(solution.residuals)")
    }

    @Test func nonFiniteDataThrows() {
        let program = L1BallQuadraticProgram(quadratic: .identity(2), linear: [.nan, 1], rows: .identity(2), radius: 1)
        #expect(throws: OptimizationError.self) { try program.solve() }
    }
}
