// Tests of the dataset generators built on the Green's-function and Darcy solvers.
import Foundation
import NonlocalAssembly
import NonlocalDataset
import NonlocalGenerators
import NonlocalTestSupport
import Testing

@Suite struct GeneratedDatasetsTests {
    /// Constant forcings only (k = 0): each sample is f = ξ, so u/ξ must be the analytic
    /// u₁ = 2^{−2s}Γ(d/2)/(Γ(d/2+s)Γ(1+s)) (1−|x|²)^s.
    @Test(arguments: [(1, 0.25, 1e-4), (1, 0.5, 1e-4), (1, 0.75, 1e-4), (2, 0.75, 1e-3)])
    func constantForcingsGiveTheAnalyticSolution(dimension: Int, order: Double, tolerance: Double) throws {
        var problem = FractionalProblem()
        problem.dimension = dimension
        problem.order = order
        problem.modes = 0
        problem.includeConstantMode = true
        problem.samples = 3
        problem.layerWidth = 0.25
        let data = try problem.generate()
        let grid = try data.grid.makeGrid()
        let d = Double(dimension)
        let constant = pow(2, -2 * order) * tgamma(d / 2) / (tgamma(d / 2 + order) * tgamma(1 + order))
        let exact = grid.interiorCoordinates.map { constant * pow(1 - ($0 * $0).sum(), order) }
        for s in 0..<3 {
            let xi = data.f[0, s]
            #expect(data.f.column(s).allSatisfy { $0 == xi })
            let error = data.u.column(s).map { $0 / xi }.subtracting(exact).euclideanNorm / exact.euclideanNorm
            #expect(error <= tolerance, "d = \(dimension), s = \(order): \(error)")
        }
    }

    @Test func fractionalDefaultsAreThePapers() throws {
        var problem = FractionalProblem()
        problem.samples = 4
        let data = try problem.generate()
        #expect(data.grid == .interval(lower: -1, upper: 1, spacing: 0.01, horizon: 4))
        #expect(data.pointCount == 199 && data.evaluationPoints.count == 161)
        let grid = try data.grid.makeGrid()
        #expect(data.evaluationPoints.allSatisfy { abs(grid.interiorCoordinates[$0].x) <= 0.8 + 1e-12 })
        // The forcings have no constant mode by default: each has zero mean over a whole period of t = (x+1)/2.
        #expect(data.parameters["constant_mode"] == "false" && data.parameters["order"] == "0.75")
        #expect(data.parameters["forcing"] == "cos-kx")
    }

    /// Each reading of (7.2) on (−1, 1) puts its own cosine on the grid: with one mode (k = 1) every
    /// sample is f̂₁ φ(x), so f divided by φ is one constant per sample; the provenance names it.
    @Test(arguments: FractionalProblem.Forcing.allCases)
    func everyForcingFamilyIsTheCosineItNames(forcing: FractionalProblem.Forcing) throws {
        var problem = FractionalProblem()
        (problem.samples, problem.modes, problem.forcing, problem.wavenumberScale) = (3, 1, forcing, 0.7)
        let data = try problem.generate()
        #expect(data.parameters["forcing"] == forcing.rawValue)
        let x = try data.grid.makeGrid().interiorCoordinates.map(\.x)
        let phi: (Double) -> Double = switch forcing {
        case .cosKX: { cos(0.7 * $0) }
        case .cosPiKX: { cos(.pi * 0.7 * $0) }
        case .cosPiKShifted: { cos(.pi * 0.7 * ($0 + 1)) }
        }
        for sample in 0..<3 {
            let amplitudes = x.indices.filter { abs(phi(x[$0])) > 0.1 }.map { data.f[$0, sample] / phi(x[$0]) }
            #expect(amplitudes.count > 100)
            #expect(amplitudes.allSatisfy { abs($0 - amplitudes[0]) <= 1e-12 * abs(amplitudes[0]) }, "\(forcing), sample \(sample)")
        }
    }

    /// 300 Darcy samples with wavenumbers in 1…10 are 300 distinct forcings (a random amplitude
    /// and phase each), not 10 repeated ones; and each is a sin + b cos of its wavenumber.
    @Test func darcySamplesAreDistinct() throws {
        var problem = DarcyProblem()
        problem.samples = 300
        let data = try problem.generate()
        let n = data.pointCount
        let columns = Set((0..<300).map { Array(data.f.storage[($0 * n)..<(($0 + 1) * n)]) })
        #expect(columns.count == 300)
        #expect(data.parameters["forcing"]?.hasPrefix("a sin(2πkx/ℓ) + b cos(2πkx/ℓ)") == true)
    }

    @Test func darcyDataLiveOnThePeriodicLearningGrid() throws {
        var problem = DarcyProblem()
        problem.samples = 20
        problem.minimumWavelength = 2.5
        problem.coarseGraining = .cellPairs
        let data = try problem.generate()
        #expect(data.grid == .periodic(dimension: 1, points: 500, length: 10))
        #expect(data.parameters["highest_wavenumber"] == "4")
        // Cell pairs: piecewise constant on cells of width 0.2, i.e. 10 learning points each; zero mean.
        for s in 0..<20 {
            let u = data.u.column(s)
            #expect((0..<500).allSatisfy { u[$0] == u[($0 / 10) * 10] })
            #expect(abs(u.reduce(0, +)) <= 1e-12 * Double(u.count) * u.maximumNorm)
        }
        // Moving averages, the default, keep the zero mean too.
        problem.coarseGraining = .moving
        let moving = try problem.generate()
        for s in 0..<20 {
            let u = moving.u.column(s)
            #expect(abs(u.reduce(0, +)) <= 1e-12 * Double(u.count) * u.maximumNorm)
        }
    }
}
