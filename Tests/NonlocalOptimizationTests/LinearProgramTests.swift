// Tests of LinearProgram: a textbook LP, the Chebyshev (minimax) line fit, agreement with the dense QP on random programs, infeasibility.
import NonlocalLinearAlgebra
import NonlocalOptimization
import NonlocalTestSupport
import Testing

@Suite struct LinearProgramTests {
    /// max x + y subject to x + 2y ≤ 4, 3x + y ≤ 6, x, y ≥ 0: the optimum is the vertex (1.6, 1.2).
    @Test func textbookVertex() throws {
        let a = DenseMatrix(rowCount: 4, columnCount: 2, storage: [1, 3, -1, 0, 2, 1, 0, -1])
        let solution = try LinearProgram(objective: [-1, -1], constraints: a, bounds: [4, 6, 0, 0]).solve()
        #expect(abs(solution.minimizer[0] - 1.6) <= 1e-9 && abs(solution.minimizer[1] - 1.2) <= 1e-9)
        #expect(abs(solution.value + 2.8) <= 1e-9)
    }

    /// The best uniform line through (0, 0), (1, 1), (2, 0) is y = 1/2 with error 1/2 (equioscillation).
    @Test func chebyshevLineFit() throws {
        // Variables (a, b, t): minimize t subject to ±(a + b x_i − y_i) ≤ t.
        let points: [(Double, Double)] = [(0, 0), (1, 1), (2, 0)]
        var a = DenseMatrix(rowCount: 6, columnCount: 3)
        var bounds = [Double](repeating: 0, count: 6)
        for (i, (x, y)) in points.enumerated() {
            (a[2 * i, 0], a[2 * i, 1], a[2 * i, 2], bounds[2 * i]) = (1, x, -1, y)
            (a[2 * i + 1, 0], a[2 * i + 1, 1], a[2 * i + 1, 2], bounds[2 * i + 1]) = (-1, -x, -1, -y)
        }
        let solution = try LinearProgram(objective: [0, 0, 1], constraints: a, bounds: bounds).solve()
        #expect(abs(solution.minimizer[0] - 0.5) <= 1e-8 && abs(solution.minimizer[1]) <= 1e-8 && abs(solution.value - 0.5) <= 1e-9)
    }

    /// On seeded random bounded programs the normal-equations method reaches the value the dense
    /// saddle-point interior-point method (``ConvexQuadraticProgram`` with Q = 0) reaches.
    @Test func agreesWithTheDenseQuadraticProgram() throws {
        var generator = SplitMix64(seed: 3)
        for trial in 0..<10 {
            let n = 2 + trial % 4, m = 30 + 7 * trial
            // Random rows plus a box |x_j| ≤ 1, so the program is bounded and feasible (0 inside).
            var a = DenseMatrix(rowCount: m + 2 * n, columnCount: n)
            var b = [Double](repeating: 1, count: m + 2 * n)
            for i in 0..<m {
                for j in 0..<n { a[i, j] = generator.uniform(1)[0] }
                b[i] = 0.2 + generator.nextUnit()
            }
            for j in 0..<n { (a[m + 2 * j, j], a[m + 2 * j + 1, j]) = (1, -1) }
            let c = generator.uniform(n)
            let lp = try LinearProgram(objective: c, constraints: a, bounds: b).solve()
            let qp = try ConvexQuadraticProgram(quadratic: DenseMatrix(rowCount: n, columnCount: n), linear: c, constraints: a, bounds: b).solve()
            #expect(abs(lp.value - c.dot(qp.minimizer)) <= 1e-7 * (1 + abs(lp.value)), "trial \(trial)")
            #expect(a.multiplied(by: lp.minimizer).subtracting(b).max()! <= 1e-8)
        }
    }

    @Test func infeasibleProgramsThrow() {
        // x ≤ −1 and −x ≤ −1 (x ≥ 1).
        let a = DenseMatrix(rowCount: 2, columnCount: 1, storage: [1, -1])
        #expect(throws: OptimizationError.self) { try LinearProgram(objective: [1], constraints: a, bounds: [-1, -1]).solve() }
    }
}
