// Tests of DarcyFlow: exact P1 loads, nodal exactness, O(h²) convergence, zero mean, periodicity, residuals, parameter checks.
import Foundation
import NonlocalGenerators
import NonlocalLinearAlgebra
import NonlocalTestSupport
import Testing

/// Five-point Gauss–Legendre rule on [−1, 1] (exact for degree 9).
let gaussNodes = [0, -0.538_469_310_105_683_1, 0.538_469_310_105_683_1, -0.906_179_845_938_664_0, 0.906_179_845_938_664_0]
let gaussWeights = [
    0.568_888_888_888_888_9, 0.478_628_670_499_366_5, 0.478_628_670_499_366_5, 0.236_926_885_056_189_1,
    0.236_926_885_056_189_1,
]

/// ∫_a^b g by the five-point Gauss rule on `pieces` equal subintervals.
func gaussIntegral(from a: Double, to b: Double, pieces: Int = 1, _ g: (Double) -> Double) -> Double {
    let width = (b - a) / Double(pieces)
    var sum = 0.0
    for piece in 0..<pieces {
        let mid = a + (Double(piece) + 0.5) * width
        for (t, w) in zip(gaussNodes, gaussWeights) { sum += w * g(mid + 0.5 * width * t) }
    }
    return 0.5 * width * sum
}

/// The exact solution of −(κu′)′ = sin(ωx), ω = 2πk/ℓ, at the nodes of `flow`, for κ constant on
/// each element, shifted to zero nodal mean (the P1 solution's normalization).
///
/// κu′ = cos(ωx)/ω + C, and periodicity ∫_Ω u′ = 0 fixes C = −∫ cos(ωx)/(ωκ) / ∫ 1/κ. On an element
/// [x_e, x_e + h] of diffusivity κ_e, u rises by ((sin ωx_{e+1} − sin ωx_e)/ω² + C h)/κ_e.
/// The layering is recomputed here from the cell width, independently of the library.
func layeredSolution(_ flow: DarcyFlow, wavenumber k: Int) -> [Double] {
    let n = flow.nodeCount, h = flow.elementWidth
    let omega = 2 * Double.pi * Double(k) / flow.length
    let kappa = (0..<n).map { e in
        Int((Double(e) + 0.5) * h / flow.cellWidth) % 2 == 0 ? flow.diffusivities.even : flow.diffusivities.odd
    }
    // sin ω(x + h) − sin ωx = 2 cos(ω(x + h/2)) sin(ωh/2), without cancellation.
    let rise = (0..<n).map { e in 2 * cos(omega * (Double(e) + 0.5) * h) * sin(omega * h / 2) / (omega * omega) }
    let c = -zip(rise, kappa).reduce(0) { $0 + $1.0 / $1.1 } / kappa.reduce(0) { $0 + h / $1 }
    var u = [Double](repeating: 0, count: n)
    for e in 0..<(n - 1) { u[e + 1] = u[e] + (rise[e] + c * h) / kappa[e] }
    let mean = u.reduce(0, +) / Double(n)
    return u.map { $0 - mean }
}

@Suite struct DarcyFlowTests {
    @Test(arguments: [1, 7, 16, 250])
    func loadVectorsAreTheExactIntegralsAgainstHats(wavenumber k: Int) throws {
        // One element per cell: h = 0.1, so ωh reaches 5π for k = 250 and the sinc² factor matters.
        let flow = try DarcyFlow(elementsPerCell: 1)
        let b = try flow.load(wavenumbers: [k]).storage
        let h = flow.elementWidth, omega = 2 * Double.pi * Double(k) / flow.length
        for i in 0..<flow.nodeCount {
            let x = Double(i) * h
            let rising = gaussIntegral(from: x - h, to: x, pieces: 8) { y in sin(omega * y) * (y - (x - h)) / h }
            let falling = gaussIntegral(from: x, to: x + h, pieces: 8) { y in sin(omega * y) * (x + h - y) / h }
            #expect(abs(b[i] - (rising + falling)) <= 1e-14, "b[\(i)] = \(b[i]), quadrature \(rising + falling)")
        }
        // Σ b_i = ∫_Ω f = 0: the hats are a partition of unity.
        #expect(abs(b.reduce(0, +)) <= Double(flow.nodeCount) * 1e-16 * h)
    }

    @Test(arguments: [1, 5])
    func constantDiffusivityConvergesAtSecondOrder(wavenumber k: Int) throws {
        // With κ constant the exact solution is u = sin(ωx)/(κω²). The P1 solution is exact at the
        // nodes (1D superconvergence: the nodal values sin(ωx_i)·h·sinc²(ωh/2) / ((κ/h)·4 sin²(ωh/2))
        // reduce to sin(ωx_i)/(κω²)), so the nodal error is rounding and shows no rate. The L²
        // error of the piecewise-linear function is then the interpolation error,
        // (h²/√120)·‖u″‖ to leading order: second order.
        let kappa = 2.5, omega = 2 * Double.pi * Double(k) / 10
        let exact = { (x: Double) in sin(omega * x) / (kappa * omega * omega) }
        var errors: [Double] = []
        for elementsPerCell in [2, 4, 8, 16] {
            let flow = try DarcyFlow(diffusivities: (kappa, kappa), elementsPerCell: elementsPerCell)
            let u = try flow.solve(wavenumbers: [k]).storage
            let n = flow.nodeCount, h = flow.elementWidth
            let nodal = (0..<n).map { i in exact(Double(i) * h) }
            #expect(u.subtracting(nodal).maximumNorm <= 1e-11 * nodal.maximumNorm, "nodal values are exact")
            var squared = 0.0
            for e in 0..<n {
                let x0 = Double(e) * h, (u0, u1) = (u[e], u[(e + 1) % n])
                squared += gaussIntegral(from: x0, to: x0 + h) { x in
                    let t = (x - x0) / h
                    return pow((1 - t) * u0 + t * u1 - exact(x), 2)
                }
            }
            errors.append(squared.squareRoot())
        }
        let orders = zip(errors, errors.dropFirst()).map { log2($0 / $1) }
        for order in orders { #expect(order >= 1.95 && order <= 2.05, "L² errors \(errors), orders \(orders)") }
    }

    /// Cosine forcings: with κ constant the P1 solution is exact at the nodes, cos(ωx_i)/(κω²), and
    /// the coarse averages are (1/2L)∫cos(ωx) over each cell pair, against Gauss–Legendre.
    @Test(arguments: [1, 5, 7])
    func cosineForcingsSolveAndAverageExactly(wavenumber k: Int) throws {
        let kappa = 2.5, omega = 2 * Double.pi * Double(k) / 10
        let flow = try DarcyFlow(diffusivities: (kappa, kappa), elementsPerCell: 8)
        let u = try flow.solve(wavenumbers: [k], wave: .cosine).storage
        let nodal = (0..<flow.nodeCount).map { cos(omega * Double($0) * flow.elementWidth) / (kappa * omega * omega) }
        #expect(u.subtracting(nodal).maximumNorm <= 1e-11 * nodal.maximumNorm)
        #expect(try flow.forcing(wavenumbers: [k], wave: .cosine).storage.subtracting(nodal.map { $0 * kappa * omega * omega }).maximumNorm <= 1e-14)
        let averages = try flow.coarseForcingAverages(wavenumbers: [k], wave: .cosine).storage
        let pair = 2 * flow.cellWidth
        for m in 0..<flow.coarseCellCount {
            let expected = gaussIntegral(from: Double(m) * pair, to: Double(m + 1) * pair) { cos(omega * $0) } / pair
            // The reference evaluates cos(ωx) at ωx up to 44 rad, whose rounding (ε·ωx) reaches 10⁻¹⁴ per
            // node; the averages reduce their phases in integers. Measured up to 1.1·10⁻¹³ for k = 7.
            #expect(abs(averages[m] - expected) <= 5e-13)
        }
    }

    @Test(arguments: [1, 3, 16])
    func layeredSolutionsMatchTheClosedFormAtTheNodes(wavenumber k: Int) throws {
        // The nodal exactness holds for any κ constant on elements: a(u − I u, v_h) = 0 for P1 v_h.
        let flow = try DarcyFlow()
        let u = try flow.solve(wavenumbers: [k]).storage
        let exact = layeredSolution(flow, wavenumber: k)
        // Forward error ≲ cond(K)·ε with cond ≈ 10⁶ here; measured ≤ 2·10⁻¹².
        #expect(u.subtracting(exact).maximumNorm <= 1e-10 * exact.maximumNorm)
    }

    @Test func solutionsHaveZeroMeanAndSolveThePeriodicSystem() throws {
        let flow = try DarcyFlow()
        var generator = SplitMix64(seed: 7)
        let wavenumbers = [1, 2, 16, 799, 800, 1600, 4000] + (0..<40).map { _ in Int.random(in: 1...16, using: &generator) }
        let u = try flow.solve(wavenumbers: wavenumbers)
        let b = try flow.load(wavenumbers: wavenumbers)
        let product = flow.stiffness.multiply(u)
        let n = flow.nodeCount, normK = flow.stiffness.infinityNorm
        for (s, k) in wavenumbers.enumerated() {
            let us = u.column(s), bs = b.column(s), rs = product.column(s).subtracting(bs)
            // Zero mean of the P1 function: (1/ℓ)∫u_h = (1/n)Σu_i on a uniform periodic mesh.
            #expect(abs(us.reduce(0, +)) / Double(n) <= 1e-15 * us.maximumNorm, "k = \(k): mean")
            // Normwise backward error ‖Ku − b‖∞ / (‖K‖∞‖u‖∞ + ‖b‖∞), measured ≤ 2.2·10⁻¹⁵. The plain
            // ‖Ku − b‖/‖b‖ cannot reach 1e-12 at low k: merely rounding u to doubles moves Ku by
            // about ε‖K‖‖u‖ ≈ 2·10⁻¹⁶ · 2560 · 1.6, which is 10⁻¹¹ of ‖b‖ for k = 1 (measured
            // 2.6·10⁻¹¹ for k = 1, 1.5·10⁻¹³ for k = 16).
            let scale = normK * us.maximumNorm + bs.maximumNorm
            #expect(rs.maximumNorm <= 1e-14 * scale, "k = \(k): backward error \(rs.maximumNorm / scale)")
            // The grounded equation of node 0 and the equation of node n − 1 couple across the periodic wrap x = 0 ≡ ℓ.
            #expect(abs(rs[0]) <= 1e-14 * scale && abs(rs[n - 1]) <= 1e-14 * scale, "k = \(k): wrap-around rows")
        }
        // k a multiple of n: f vanishes at every node and so do b and u.
        #expect(u.column(wavenumbers.firstIndex(of: 1600)!).maximumNorm <= 1e-300)
    }

    @Test func solutionsArePeriodic() throws {
        // The problem on two periods [0, 2ℓ) with wavenumber 2k is the ℓ-periodic problem repeated:
        // its solution must be the ℓ-periodic one, node i + n equal to node i.
        let flow = try DarcyFlow()
        let doubled = try DarcyFlow(length: 20)
        for k in [1, 5, 16] {
            let u = try flow.solve(wavenumbers: [k]).storage
            let v = try doubled.solve(wavenumbers: [2 * k]).storage
            let n = flow.nodeCount
            #expect(doubled.nodeCount == 2 * n)
            #expect(Array(v[0..<n]).subtracting(u).maximumNorm <= 1e-10 * u.maximumNorm)
            #expect(Array(v[n..<(2 * n)]).subtracting(u).maximumNorm <= 1e-10 * u.maximumNorm)
        }
    }

    @Test func manySamplesAreSolvedLikeOne() throws {
        let flow = try DarcyFlow(elementsPerCell: 4)
        let wavenumbers = [3, 1, 16, 3]
        let together = try flow.solve(wavenumbers: wavenumbers)
        #expect(together.rowCount == flow.nodeCount && together.columnCount == 4)
        for (s, k) in wavenumbers.enumerated() {
            let alone = try flow.solve(wavenumbers: [k]).storage
            #expect(together.column(s).subtracting(alone).maximumNorm <= 1e-13 * alone.maximumNorm)
        }
        #expect(try flow.solve(wavenumbers: []).columnCount == 0)
    }

    @Test func forcingIsTheSineAtTheNodes() throws {
        let flow = try DarcyFlow(length: 6, cellWidth: 0.5, elementsPerCell: 3)
        let f = try flow.forcing(wavenumbers: [1, 13])
        for (s, k) in [1, 13].enumerated() {
            for i in 0..<flow.nodeCount {
                let x = Double(i) * flow.elementWidth
                #expect(abs(f[i, s] - sin(2 * Double.pi * Double(k) * x / 6)) <= 1e-14)
            }
        }
    }

    @Test func theStiffnessMatrixIsASymmetricPeriodicLaplacian() throws {
        let flow = try DarcyFlow(diffusivities: (1, 4), elementsPerCell: 2)
        let k = flow.stiffness, n = flow.nodeCount, h = flow.elementWidth
        #expect(k.rowCount == n && k.nonzeroCount == 3 * n)
        for i in 0..<n {
            // Node i joins elements i − 1 and i (mod n).
            let left = flow.diffusivity(onElement: (i + n - 1) % n) / h, right = flow.diffusivity(onElement: i) / h
            #expect(k[i, i] == left + right)
            #expect(k[i, (i + 1) % n] == -right && k[(i + 1) % n, i] == -right)
            let rowSum = (0..<3).map { d in k[i, (i + n - 1 + d) % n] }.reduce(0, +)
            #expect(abs(rowSum) <= 1e-15 * k[i, i])
        }
        // Cells of two elements alternate κ₁ = 1, κ₂ = 4, starting with κ₁ at x = 0.
        #expect((0..<8).map { flow.diffusivity(onElement: $0) } == [1, 1, 4, 4, 1, 1, 4, 4])
        #expect(flow.homogenizedDiffusivity == 1.6)
    }

    @Test func defaultsAreThePapers() throws {
        let flow = try DarcyFlow()
        #expect(flow.length == 10 && flow.cellWidth == 0.1 && flow.cellCount == 100)
        #expect(flow.nodeCount == 1600 && flow.coarseCellCount == 50)
        #expect(flow.diffusivities.even == 1 && flow.diffusivities.odd == 4)
    }

    @Test func invalidParametersAreRejectedInOneLine() throws {
        func expectRejected(_ name: String, _ body: () throws(GeneratorError) -> Void) {
            do {
                try body()
                Issue.record("\(name): accepted")
            } catch {
                guard case .invalidParameter(let rejected, _, _) = error else {
                    Issue.record("\(name): \(error)")
                    return
                }
                #expect(rejected == name)
                #expect(!error.description.contains("\n") && error.description.hasPrefix(name + " = "), "\(error)")
            }
        }
        for length in [0, -10, .infinity, .nan] {
            expectRejected("length") { () throws(GeneratorError) in _ = try DarcyFlow(length: length) }
        }
        // 10/0.3 is not an integer; 10/(10/33) = 33 cells is odd, so cell pairs do not tile the period.
        for width in [0, -0.1, 0.3, 10.0 / 33, 20, .nan] {
            expectRejected("cellWidth") { () throws(GeneratorError) in _ = try DarcyFlow(cellWidth: width) }
        }
        for kappa in [0, -1, .infinity, .nan] {
            expectRejected("diffusivities.even") { () throws(GeneratorError) in _ = try DarcyFlow(diffusivities: (kappa, 4)) }
            expectRejected("diffusivities.odd") { () throws(GeneratorError) in _ = try DarcyFlow(diffusivities: (1, kappa)) }
        }
        expectRejected("diffusivities") { () throws(GeneratorError) in _ = try DarcyFlow(diffusivities: (1, 1.01e6)) }
        expectRejected("diffusivities") { () throws(GeneratorError) in _ = try DarcyFlow(diffusivities: (1e308, 1e308)) }
        #expect(throws: Never.self) { try DarcyFlow(diffusivities: (1e6, 1)) }
        for count in [0, -3, Int.max / 50] {
            expectRejected("elementsPerCell") { () throws(GeneratorError) in _ = try DarcyFlow(elementsPerCell: count) }
        }
        let flow = try DarcyFlow(elementsPerCell: 2)
        #expect(
            throws: GeneratorError.invalidParameter(
                name: "wavenumbers[1]", value: "0",
                allowed: "wavenumbers must be ≥ 1 (f = sin(2πkx/length) needs k ≥ 1 for a nonzero, zero-mean forcing)")
        ) { try flow.solve(wavenumbers: [3, 0]) }
        for wavenumbers in [[0], [2, -1]] {
            let name = "wavenumbers[\(wavenumbers.count - 1)]"
            expectRejected(name) { () throws(GeneratorError) in _ = try flow.solve(wavenumbers: wavenumbers) }
            expectRejected(name) { () throws(GeneratorError) in _ = try flow.forcing(wavenumbers: wavenumbers) }
            expectRejected(name) { () throws(GeneratorError) in _ = try flow.load(wavenumbers: wavenumbers) }
            expectRejected(name) { () throws(GeneratorError) in _ = try flow.coarseForcingAverages(wavenumbers: wavenumbers) }
            expectRejected(name) { () throws(GeneratorError) in _ = try flow.coarseGrained(wavenumbers: wavenumbers) }
        }
        for points in [0, -500] {
            expectRejected("learningPoints") { () throws(GeneratorError) in
                _ = try flow.coarseGrained(wavenumbers: [1], learningPoints: points)
            }
            expectRejected("learningPoints") { () throws(GeneratorError) in _ = try flow.learningGrid(points: points) }
        }
    }
}
