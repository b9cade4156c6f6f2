// Tests of DarcyFlow coarse-graining: exact cell-pair averages, the homogenized limit κ* = 1.6, the learning-grid sampling.
import Foundation
import NonlocalDataset
import NonlocalGenerators
import NonlocalLinearAlgebra
import NonlocalTestSupport
import Testing

@Suite struct DarcyFlowCoarseGrainingTests {
    /// The relative max-norm distance, over the coarse cells, between the coarse-grained P1
    /// solution and the coarse averages of the homogenized solution u* = sin(ωx)/(κ*ω²) of
    /// −κ* u″ = f, (1/2L)∫_a^b u* = (cos ωa − cos ωb) / (2Lω · κ*ω²).
    static func homogenizationError(_ flow: DarcyFlow, wavenumber k: Int) throws -> Double {
        let coarse = flow.coarseAverages(ofNodalValues: try flow.solve(wavenumbers: [k])).storage
        let omega = 2 * Double.pi * Double(k) / flow.length, width = flow.coarseCellWidth
        let homogenized = (0..<flow.coarseCellCount).map { m in
            let a = Double(m) * width, b = a + width
            return (cos(omega * a) - cos(omega * b)) / (width * omega) / (flow.homogenizedDiffusivity * omega * omega)
        }
        return coarse.subtracting(homogenized).maximumNorm / homogenized.maximumNorm
    }

    @Test(arguments: [1, 2])
    func lowFrequencyAveragesFollowTheHomogenizedEquation(wavenumber k: Int) throws {
        // Measured: 1.2·10⁻⁵ (k = 1) and 1.0·10⁻⁴ (k = 2).
        let flow = try DarcyFlow()
        #expect(flow.homogenizedDiffusivity == 1.6)
        let error = try Self.homogenizationError(flow, wavenumber: k)
        #expect(error <= 0.01, "k = \(k): relative distance \(error) to the homogenized solution")
    }

    @Test func homogenizationDegradesAsTheWavelengthApproachesTheMicrostructure() throws {
        // The paper's point in §6: L/λ must be small for an effective continuum. Measured:
        // k = 1, 2, 4, 8, 16 → 1.2·10⁻⁵, 1.0·10⁻⁴, 8.1·10⁻⁴, 6.7·10⁻³, 6.3·10⁻² (λ = 10/k vs 2L = 0.2).
        let flow = try DarcyFlow()
        let errors = try [1, 2, 4, 8, 16].map { k in try Self.homogenizationError(flow, wavenumber: k) }
        #expect(zip(errors, errors.dropFirst()).allSatisfy { $0 * 4 < $1 }, "\(errors)")
        #expect(errors.last! > 0.01)
        // Without microstructure the coarse averages are the homogenized ones up to the O(h²) P1 error.
        let uniform = try DarcyFlow(diffusivities: (1.6, 1.6))
        #expect(try Self.homogenizationError(uniform, wavenumber: 16) <= 1e-3)
    }

    @Test(arguments: [1, 9, 16, 49, 50, 77])
    func forcingAveragesAreTheExactIntegrals(wavenumber k: Int) throws {
        let flow = try DarcyFlow()
        let averages = try flow.coarseForcingAverages(wavenumbers: [k]).storage
        let omega = 2 * Double.pi * Double(k) / flow.length, width = flow.coarseCellWidth
        #expect(averages.count == 50)
        for m in 0..<flow.coarseCellCount {
            let a = Double(m) * width
            let integral = gaussIntegral(from: a, to: a + width, pieces: 64) { x in sin(omega * x) }
            #expect(abs(averages[m] - integral / width) <= 1e-14, "cell \(m)")
        }
    }

    @Test func nodalAveragesAreTheExactIntegralsOfThePiecewiseLinearFunction() throws {
        let flow = try DarcyFlow(length: 4, cellWidth: 0.5, elementsPerCell: 3)
        var generator = SplitMix64(seed: 11)
        let n = flow.nodeCount
        let nodal = DenseMatrix(rowCount: n, columnCount: 2, storage: generator.uniform(2 * n))
        let averages = flow.coarseAverages(ofNodalValues: nodal)
        #expect(averages.rowCount == flow.coarseCellCount && averages.columnCount == 2)
        let h = flow.elementWidth, width = flow.coarseCellWidth
        for s in 0..<2 {
            let u = nodal.column(s)
            // u_h(x) by linear interpolation between nodes, node n being node 0.
            let uh = { (x: Double) -> Double in
                let e = min(Int(x / h), n - 1), t = x / h - Double(e)
                return (1 - t) * u[e] + t * u[(e + 1) % n]
            }
            for m in 0..<flow.coarseCellCount {
                let a = Double(m) * width
                // Gauss on each element separately: exact for the linear pieces.
                let integral = gaussIntegral(from: a, to: a + width, pieces: 2 * flow.elementsPerCell, uh)
                #expect(abs(averages[m, s] - integral / width) <= 1e-14)
            }
            // Averages over a partition conserve the mean.
            let coarseMean = averages.column(s).reduce(0, +) / Double(flow.coarseCellCount)
            #expect(abs(coarseMean - u.reduce(0, +) / Double(n)) <= 1e-15)
        }
    }

    @Test(arguments: [500, 77, 50, 3])
    func learningGridPointsTakeTheValueOfTheirCoarseCell(points: Int) throws {
        let flow = try DarcyFlow(elementsPerCell: 2)
        let grid = try flow.learningGrid(points: points)
        #expect(grid.count == points && grid.first == 0)
        let coarse = DenseMatrix(rowCount: 50, columnCount: 1, storage: (0..<50).map(Double.init))
        let sampled = try flow.sampledOnLearningGrid(coarse, points: points).storage
        for (p, x) in grid.enumerated() {
            #expect(abs(x - Double(p) * 10 / Double(points)) <= 1e-15 * 10)
            // The value is the index m of the cell [0.2m, 0.2(m + 1)) holding x_p (edges to the right-hand cell).
            let m = sampled[p]
            #expect(0.2 * m <= x + 1e-12 && x < 0.2 * (m + 1) - 1e-12, "x_\(p) = \(x) got cell \(m)")
        }
        if points == 500 {
            // The paper's grid: ten points per coarse cell, x_{10m} on the left edge of cell m.
            #expect(sampled == (0..<500).map { Double($0 / 10) })
        }
    }

    @Test func coarseGrainedDataAreTheSampledAverages() throws {
        let flow = try DarcyFlow()
        let wavenumbers = [1, 16, 5]
        let data = try flow.coarseGrained(wavenumbers: wavenumbers, coarseGraining: .cellPairs)
        #expect(data.u.rowCount == 500 && data.u.columnCount == 3 && data.f.rowCount == 500 && data.f.columnCount == 3)
        let nodal = try flow.solve(wavenumbers: wavenumbers)
        let u = try flow.sampledOnLearningGrid(flow.coarseAverages(ofNodalValues: nodal))
        let f = try flow.sampledOnLearningGrid(flow.coarseForcingAverages(wavenumbers: wavenumbers))
        #expect(data.u == u && data.f == f)
        let moving = try flow.coarseGrained(wavenumbers: wavenumbers)
        let (movingU, movingF) = (try flow.movingAverages(ofNodalValues: nodal), try flow.movingForcingAverages(wavenumbers: wavenumbers))
        #expect(moving.u == movingU && moving.f == movingF)
        // Coarse-graining commutes with the equation's zero mean: every sample keeps it.
        for s in 0..<3 {
            for d in [data, moving] {
                #expect(abs(d.u.column(s).reduce(0, +)) <= 1e-13 * d.u.column(s).maximumNorm * 500)
                #expect(abs(d.f.column(s).reduce(0, +)) <= 1e-13 * 500)
            }
        }
    }

    // MARK: Moving averages

    /// u_h(x) of nodal values u by linear interpolation between nodes, periodic in x.
    static func interpolant(_ flow: DarcyFlow, _ u: [Double]) -> (Double) -> Double {
        let n = flow.nodeCount, h = flow.elementWidth
        return { x in
            let y = x - flow.length * (x / flow.length).rounded(.down)
            let e = min(Int(y / h), n - 1), t = y / h - Double(e)
            return (1 - t) * u[e] + t * u[(e + 1) % n]
        }
    }

    @Test(arguments: [500, 77, 3])
    func movingAveragesAreTheExactIntegralsOfThePiecewiseLinearFunction(points: Int) throws {
        // Windows [x_p − L, x_p + L] that start on a node (points = 500: x_p − L = 3.2p − 3 elements, on a node
        // every fifth point) and inside an element, and that wrap around x = 0.
        let flow = try DarcyFlow(length: 4, cellWidth: 0.5, elementsPerCell: 3)
        var generator = SplitMix64(seed: 12)
        let n = flow.nodeCount
        let nodal = DenseMatrix(rowCount: n, columnCount: 2, storage: generator.uniform(2 * n))
        let averages = try flow.movingAverages(ofNodalValues: nodal, points: points)
        #expect(averages.rowCount == points && averages.columnCount == 2)
        let grid = try flow.learningGrid(points: points)
        for s in 0..<2 {
            let uh = Self.interpolant(flow, nodal.column(s))
            for (p, x) in grid.enumerated() {
                // Gauss on pieces between the window's ends and the nodes inside it: exact for the linear pieces.
                let (a, b) = (x - flow.cellWidth, x + flow.cellWidth)
                let h = flow.elementWidth
                var breaks = [a] + (Int((a / h).rounded(.up))...Int((b / h).rounded(.down))).map { Double($0) * h } + [b]
                breaks = breaks.sorted()
                let integral = zip(breaks, breaks.dropFirst()).reduce(0.0) { sum, piece in
                    piece.1 - piece.0 < 1e-15 ? sum : sum + gaussIntegral(from: piece.0, to: piece.1, uh)
                }
                #expect(abs(averages[p, s] - integral / (b - a)) <= 1e-13, "point \(p), x = \(x)")
            }
        }
    }

    @Test(arguments: [1, 9, 25, 49, 77])
    func movingForcingAveragesAreTheExactIntegrals(wavenumber k: Int) throws {
        let flow = try DarcyFlow()
        let omega = 2 * Double.pi * Double(k) / flow.length, half = flow.cellWidth
        for wave in [DarcyFlow.Wave.sine, .cosine] {
            let averages = try flow.movingForcingAverages(wavenumbers: [k], wave: wave).storage
            let f = { (x: Double) in wave == .sine ? sin(omega * x) : cos(omega * x) }
            for (p, x) in try flow.learningGrid().enumerated() {
                let integral = gaussIntegral(from: x - half, to: x + half, pieces: 64, f)
                // The reference's own rounding: sin(ωx) at ωx up to 400.
                #expect(abs(averages[p] - integral / (2 * half)) <= 1e-13, "k = \(k), point \(p)")
            }
        }
    }

    @Test(arguments: [1, 2])
    func lowFrequencyMovingAveragesFollowTheHomogenizedEquation(wavenumber k: Int) throws {
        // The moving average of u* = sin(ωx)/(κ*ω²) is sinc(ωL) u*: the same wave, damped. Measured: 1.1·10⁻³ at k = 2.
        let flow = try DarcyFlow()
        let averages = try flow.movingAverages(ofNodalValues: flow.solve(wavenumbers: [k])).storage
        let omega = 2 * Double.pi * Double(k) / flow.length, t = omega * flow.cellWidth
        let homogenized = try flow.learningGrid().map { x in sin(omega * x) * (sin(t) / t) / (flow.homogenizedDiffusivity * omega * omega) }
        let error = averages.subtracting(homogenized).maximumNorm / homogenized.maximumNorm
        #expect(error <= 2e-3, "k = \(k): relative distance \(error)")
    }

    @Test func theCoarseGrainingIsChosenAndRecorded() throws {
        var problem = DarcyProblem()
        problem.samples = 20
        #expect(problem.coarseGraining == .moving)
        let moving = try problem.generate()
        problem.coarseGraining = .cellPairs
        let cells = try problem.generate()
        #expect(moving.parameters["coarse_graining"] == "moving" && cells.parameters["coarse_graining"] == "cell-pairs")
        // Cell-pair data are constant on each pair (ten learning points); moving averages are not.
        let steps = { (data: Dataset) in (0..<500).filter { $0 % 10 != 0 && data.u[$0, 0] != data.u[$0 - 1, 0] }.count }
        #expect(steps(cells) == 0 && steps(moving) > 400)
    }
}
