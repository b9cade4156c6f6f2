// PaperReproduction, §6: Figures 6–9, coarse-grained Darcy flow learned for several training wavelengths and horizons.
import Foundation
import NonlocalAssembly
import NonlocalDataset
import NonlocalGenerators
import NonlocalKernels
import NonlocalLinearAlgebra
import NonlocalRegression

/// §6's study. Every model is C + D (the paper: "the algorithm allows for" a negative part) learned
/// from 1,000 samples of ``DarcyProblem`` with moving averages (the default; docs/DATASETS.md says why
/// not the cell-pair staircase), on the paper's 500-point learning grid.
///
/// A test forcing sin(2πkx/ℓ) is one Fourier mode on the periodic grid, and so is its moving average
/// f̄ = sinc(ωL) sin(ωx); the learned operator is circulant, so the nonlocal solution is f̄/σ(k), σ its
/// symbol. It is compared with the moving average ū of the P1 solution (the fine solution seen at the
/// scale of the microstructure).
extension PaperReproduction {
    /// δ = 4L, 8L, 16L (L = 0.1), as Figures 8–9.
    static let darcyHorizons = [0.4, 0.8, 1.6]
    /// The order of Figures 7–9's kernels.
    static let darcyOrder = 10
    /// The test wavenumbers k of Figure 8: wavelengths 10/k from the whole domain down to 0.25 (2.5L). At 2L
    /// (k = 50) the average over a period vanishes, and shorter waves alias with the cells.
    static let darcyTestWavenumbers = [1, 2, 3, 4, 5, 6, 8, 10, 13, 16, 20, 25, 32, 40]
    /// The training λmin whose second moment must hold for every M (wavelengths ≥ 12.5δ at δ = 4L).
    static let darcyLongWavelength = 5.0

    /// The shortest training wavelengths λmin of Figures 8–9 (each training set spans [λmin, 10]).
    var darcyWavelengths: [Double] { quick ? [5, 1, 0.0625] : [5, 2, 1, 0.5, 0.25, 0.125, 0.0625] }

    /// One learned Darcy model with what the figures and tables report about it.
    struct DarcyModel {
        let minimumWavelength: Double
        let coarseGraining: DarcyFlow.CoarseGraining
        let model: KernelModel
        /// Σ_ξ K(|ξ|)|ξ|²h/2 on the learning grid: the effective diffusivity L_K gives long waves (1.6 homogenized).
        let secondMoment: Double
        /// min K / max K over [0, δ].
        let negativity: Double
        /// The relative error of the nonlocal solution at each of ``darcyTestWavenumbers``.
        let errors: [Double]
        var delta: Double { model.horizon }
    }

    /// The test forcings sin(2πkx/ℓ), k in ``darcyTestWavenumbers``, on the learning grid: the moving averages of
    /// their P1 solutions (the truth) and of the forcings themselves (``DarcyFlow/movingForcingAverages``), 500 × tests.
    struct DarcyTests {
        let flow: DarcyFlow
        let averages: DenseMatrix
        let forcing: DenseMatrix

        init() throws {
            let flow = try DarcyFlow()
            self.flow = flow
            averages = try flow.movingAverages(ofNodalValues: flow.solve(wavenumbers: PaperReproduction.darcyTestWavenumbers))
            forcing = try flow.movingForcingAverages(wavenumbers: PaperReproduction.darcyTestWavenumbers)
        }

        /// The nonlocal solution of every test forcing on the learning grid, f̄/σ(k): f̄ is one Fourier mode.
        func nonlocalSolutions(_ kernel: some RadialKernel) -> [[Double]] {
            let stencil = Stencil(kernel: kernel, spacing: flow.length / Double(averages.rowCount))
            return PaperReproduction.darcyTestWavenumbers.enumerated().map { index, k in
                let symbol = stencil.symbol(of: kernel, wavenumber: SIMD2(Double(k) / flow.length, 0))
                return forcing.column(index).map { $0 / symbol }
            }
        }

        /// The relative error of each test's nonlocal solution against the truth.
        func errors(_ kernel: some RadialKernel) -> [Double] {
            nonlocalSolutions(kernel).enumerated().map { index, solution in
                let truth = averages.column(index)
                return solution.subtracting(truth).euclideanNorm / truth.euclideanNorm
            }
        }
    }

    func darcyData(minimumWavelength: Double, coarseGraining: DarcyFlow.CoarseGraining = .moving) throws -> Dataset {
        var problem = DarcyProblem()
        (problem.minimumWavelength, problem.coarseGraining) = (minimumWavelength, coarseGraining)
        return try problem.generate()
    }

    /// C + D models of `data` at every order in `orders`, from one pass over the data.
    func darcyModels(
        _ data: Dataset, minimumWavelength: Double, coarseGraining: DarcyFlow.CoarseGraining = .moving, delta: Double,
        orders: [Int], tests: DarcyTests
    ) throws -> [DarcyModel] {
        var configuration = KernelRegression.Configuration(horizon: delta, order: orders[0])
        configuration.signChanging = true
        return try KernelRegression(dataset: data, configuration: configuration).sweep(orders: orders).map { model in
            let kernel = try model.makeKernel()
            let values = (0...400).map { kernel(delta * Double($0) / 400) }
            let stencil = Stencil(kernel: kernel, spacing: tests.flow.length / Double(tests.averages.rowCount))
            return DarcyModel(
                minimumWavelength: minimumWavelength, coarseGraining: coarseGraining, model: model,
                secondMoment: stencil.secondMoment(of: kernel), negativity: values.min()! / values.max()!,
                errors: tests.errors(kernel))
        }
    }

    /// Figures 7–9: for every training λmin and δ, the order-``darcyOrder`` model.
    func darcyStudy(tests: DarcyTests, progress: @escaping @Sendable (String) -> Void) throws -> [DarcyModel] {
        var models: [DarcyModel] = []
        for lambda in darcyWavelengths {
            progress("figures 7–9: Darcy data with λmin = \(lambda) (1,000 samples), δ = 4L, 8L, 16L, M = \(Self.darcyOrder)")
            let data = try darcyData(minimumWavelength: lambda)
            for delta in Self.darcyHorizons {
                models += try darcyModels(data, minimumWavelength: lambda, delta: delta, orders: [Self.darcyOrder], tests: tests)
            }
        }
        return models
    }

    /// §6's claim at δ = 4L, M = 5…20: long training waves (λmin = 5, 2) with moving averages, and the paper's staircase beside them.
    func darcyOrderSweep(tests: DarcyTests, progress: @escaping @Sendable (String) -> Void) throws -> [DarcyModel] {
        let orders = quick ? [5, 10, 20] : Array(5...20)
        var models: [DarcyModel] = []
        for (lambda, coarseGraining) in [(Self.darcyLongWavelength, DarcyFlow.CoarseGraining.moving), (2, .moving), (Self.darcyLongWavelength, .cellPairs)] {
            progress("figure 9: δ = 4L, λmin = \(lambda), \(coarseGraining.rawValue) averages, M = \(orders.first!)…\(orders.last!)")
            let data = try darcyData(minimumWavelength: lambda, coarseGraining: coarseGraining)
            models += try darcyModels(
                data, minimumWavelength: lambda, coarseGraining: coarseGraining, delta: 0.4, orders: orders, tests: tests)
        }
        return models
    }

    // MARK: Figure 6: the setup

    /// The medium κ(x) and one fine solution with its two coarse-grainings on [0, 2], for a forcing of wavelength 4L.
    static func figure6CSV() throws -> String {
        let flow = try DarcyFlow()
        let k = 25  // λ = 0.4 = 4L: the microstructure shows in u.
        let nodal = try flow.solve(wavenumbers: [k])
        let moving = try flow.movingAverages(ofNodalValues: nodal)
        let cells = try flow.sampledOnLearningGrid(flow.coarseAverages(ofNodalValues: nodal))
        var lines = ["series,x,value"]
        let h = flow.elementWidth
        for i in 0...Int((2 / h).rounded()) {
            lines.append("kappa,\(Double(i) * h),\(flow.diffusivity(onElement: min(i, flow.nodeCount - 1)))")
        }
        for i in 0...Int((2 / h).rounded()) { lines.append("fine,\(Double(i) * h),\(nodal[i, 0])") }
        for p in 0...100 {
            lines.append("moving,\(Double(p) * 0.02),\(moving[p, 0])")
            lines.append("cell-pairs,\(Double(p) * 0.02),\(cells[p, 0])")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static let figure6Markdown = [
        "# Figure 6: the Darcy problem and its coarse-graining", "",
        "![](figure6.png)", "",
        "Periodic [0, 10] with cells of width L = 0.1 and diffusivity 1 and 4 (period 2L); P1 elements, 16 per cell. "
            + "Below, the fine solution for the forcing sin(2πx/0.4) and its two averages over one period 2L: the moving average "
            + "around every point of the learning grid (our default) and the paper's cell-pair average, constant on each pair.",
    ].joined(separator: "\n") + "\n"

    // MARK: Figure 7: solutions

    /// Figure 7: δ = 8L, the models of λmin = 1 and 1/16, on the test forcings sin πx (k = 5) and sin 8πx (k = 40).
    static func figure7CSV(_ study: [DarcyModel], tests: DarcyTests) throws -> String {
        let models = figure7Models(study)
        let indices = [5, 40].map { darcyTestWavenumbers.firstIndex(of: $0)! }
        var header = ["x"]
        for k in [5, 40] { header += ["truth_k\(k)"] + models.map { "lambda\($0.minimumWavelength)_k\(k)" } }
        let kernels = try models.map { try $0.model.makeKernel() }
        let all = kernels.map { tests.nonlocalSolutions($0) }
        let solutions = indices.map { index in all.map { $0[index] } }
        var lines = [header.joined(separator: ",")]
        for p in 0..<tests.averages.rowCount {
            var row = [Double(p) * tests.flow.length / Double(tests.averages.rowCount)]
            for (t, index) in indices.enumerated() { row += [tests.averages[p, index]] + solutions[t].map { $0[p] } }
            lines.append(row.map { "\($0)" }.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The δ = 8L models of the longest and shortest training λmin (1 and 1/16 in the full study, as the paper's).
    static func figure7Models(_ study: [DarcyModel]) -> [DarcyModel] {
        let eight = study.filter { abs($0.delta - 0.8) < 1e-12 }
        let long = eight.first { $0.minimumWavelength == 1 } ?? eight.first!
        return [long, eight.min { $0.minimumWavelength < $1.minimumWavelength }!]
    }

    static func figure7Markdown(_ study: [DarcyModel]) -> String {
        let models = figure7Models(study)
        let error = { (model: DarcyModel, k: Int) in percent(model.errors[darcyTestWavenumbers.firstIndex(of: k)!]) }
        return [
            "# Figure 7: nonlocal solutions against the coarse-grained local one, δ = 8L", "",
            "![](figure7.png)", "",
            "The paper: for the low-frequency forcing sin πx the model trained on low-frequency data matches the local solution; "
                + "for sin 8πx neither model does. Ours (relative error, sin πx / sin 8πx): "
                + models.map { "λmin = \(wavelength($0.minimumWavelength)): \(error($0, 5)) / \(error($0, 40))" }.joined(separator: "; ") + ".",
        ].joined(separator: "\n") + "\n"
    }

    // MARK: Figure 8: error against test frequency

    static func figure8CSV(_ study: [DarcyModel]) -> String {
        var lines = ["delta,minimum_wavelength,test_wavenumber,test_wavelength,error"]
        for model in study {
            for (k, error) in zip(darcyTestWavenumbers, model.errors) {
                lines.append("\(model.delta),\(model.minimumWavelength),\(k),\(10 / Double(k)),\(error)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func figure8Markdown(_ study: [DarcyModel]) -> String {
        var lines = [
            "# Figure 8: relative solution error against the test forcing's frequency", "",
            "Models of order M = \(darcyOrder), C + D, trained on wavelengths [λmin, 10]; tests sin(2πkx/10). ![](figure8.png)", "",
            "The paper: the longer the training wavelengths against L and the smaller δ, the better the fit. Ours, the error on the "
                + "longest test wave (k = 1) and on sin πx (k = 5):", "",
            "| λmin | " + darcyHorizons.map { "δ = \(Int(($0 / 0.1).rounded()))L" }.joined(separator: " | ") + " |",
            "|---|" + darcyHorizons.map { _ in "---|" }.joined(),
        ]
        for lambda in Array(Set(study.map(\.minimumWavelength))).sorted(by: >) {
            let cells = darcyHorizons.map { delta -> String in
                guard let model = study.first(where: { $0.minimumWavelength == lambda && abs($0.delta - delta) < 1e-12 }) else { return "—" }
                return "\(percent(model.errors[0])), \(percent(model.errors[4]))"
            }
            lines.append("| \(wavelength(lambda)) | " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: Figure 9: kernels, and the second moment

    static func figure9CSV(_ study: [DarcyModel]) throws -> String {
        var lines = ["delta,minimum_wavelength,r,K"]
        for model in study {
            let kernel = try model.model.makeKernel()
            for i in 0...200 {
                let r = model.delta * Double(i) / 200
                lines.append("\(model.delta),\(model.minimumWavelength),\(r),\(kernel(r))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Every model's second moment, negativity and error on the longest test wave: figure 9's tables, for machines.
    static func momentsCSV(_ models: [DarcyModel]) -> String {
        var lines = ["coarse_graining,minimum_wavelength,delta,order,second_moment,min_over_max,error_k1"]
        for model in models {
            lines.append(
                "\(model.coarseGraining.rawValue),\(model.minimumWavelength),\(model.delta),\(model.model.order!),"
                    + "\(model.secondMoment),\(model.negativity),\(model.errors[0])")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func figure9Markdown(_ study: [DarcyModel], sweep: [DarcyModel]) -> String {
        let target = 1.6
        var lines = [
            "# Figure 9: learned kernels, and the second moment against the homogenized diffusivity 1.6", "",
            "Models of order M = \(darcyOrder), C + D. ![](figure9.png)", "",
            "Long waves see the medium as homogeneous with diffusivity 1.6 (the harmonic mean of 1 and 4), and a nonlocal operator "
                + "acts on them as its second moment Σ K(|ξ|)|ξ|²h/2 times u″. The paper: no discernible negative part. Ours: "
                + "min K / max K ≥ \(signedPercent2(study.map(\.negativity).min()!)) over all models below.", "",
            "Second moment (its difference from 1.6) as the training wavelengths shrink:", "",
            "| λmin | " + darcyHorizons.map { "δ = \(Int(($0 / 0.1).rounded()))L" }.joined(separator: " | ") + " |",
            "|---|" + darcyHorizons.map { _ in "---|" }.joined(),
        ]
        for lambda in Array(Set(study.map(\.minimumWavelength))).sorted(by: >) {
            let cells = darcyHorizons.map { delta -> String in
                guard let model = study.first(where: { $0.minimumWavelength == lambda && abs($0.delta - delta) < 1e-12 }) else { return "—" }
                return "\(String(format: "%.3f", model.secondMoment)) (\(signedPercent2(model.secondMoment / target - 1)))"
            }
            lines.append("| \(wavelength(lambda)) | " + cells.joined(separator: " | ") + " |")
        }
        lines += [
            "", "δ = 4L and every order M: the second moment, min K / max K, and the error on the longest test wave (k = 1):", "",
            "| M | " + darcySweepColumns(sweep).map { "λmin = \(wavelength($0.0)), \($0.1.rawValue)" }.joined(separator: " | ") + " |",
            "|---|" + darcySweepColumns(sweep).map { _ in "---|" }.joined(),
        ]
        for order in Array(Set(sweep.map { $0.model.order! })).sorted() {
            let cells = darcySweepColumns(sweep).map { column -> String in
                guard let model = sweep.first(where: {
                    $0.model.order == order && $0.minimumWavelength == column.0 && $0.coarseGraining == column.1
                }) else { return "—" }
                return "\(String(format: "%.3f", model.secondMoment)) (\(signedPercent2(model.secondMoment / target - 1))), "
                    + "\(signedPercent2(model.negativity)), \(percent(model.errors[0]))"
            }
            lines.append("| \(order) | " + cells.joined(separator: " | ") + " |")
        }
        let long = sweep.filter { $0.minimumWavelength == darcyLongWavelength && $0.coarseGraining == .moving }
        let worst = long.map { abs($0.secondMoment / target - 1) }.max()!
        lines += [
            "",
            "Trained on wavelengths ≥ \(wavelength(darcyLongWavelength)) (12.5δ), the second moment is within \(signedPercent2(worst).dropFirst()) "
                + "of 1.6 at every M. The paper's cell-pair staircase (last column) is not: its second differences see the steps, "
                + "not u″, and the learned moment moves with M.",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The range of the second moment's difference from 1.6 over the order sweep at λmin = 5, for one coarse-graining.
    static func darcyMomentRange(_ sweep: [DarcyModel], _ coarseGraining: DarcyFlow.CoarseGraining) -> String {
        let differences = sweep.filter { $0.minimumWavelength == darcyLongWavelength && $0.coarseGraining == coarseGraining }
            .map { $0.secondMoment / 1.6 - 1 }
        guard let low = differences.min(), let high = differences.max() else { return "—" }
        return "\(signedPercent2(low)) to \(signedPercent2(high))"
    }

    static func darcySweepColumns(_ sweep: [DarcyModel]) -> [(Double, DarcyFlow.CoarseGraining)] {
        var columns: [(Double, DarcyFlow.CoarseGraining)] = []
        for model in sweep where !columns.contains(where: { $0.0 == model.minimumWavelength && $0.1 == model.coarseGraining }) {
            columns.append((model.minimumWavelength, model.coarseGraining))
        }
        return columns
    }

    /// λ as a short fraction where it is one (1/16), else a number.
    static func wavelength(_ lambda: Double) -> String {
        if lambda < 1, (1 / lambda).rounded() == 1 / lambda { return "1/\(Int(1 / lambda))" }
        return lambda == lambda.rounded() ? "\(Int(lambda))" : "\(lambda)"
    }

    static func signedPercent2(_ x: Double) -> String { String(format: "%+.2f %%", 100 * x) }
}
