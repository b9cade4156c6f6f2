// `nonlocal learn` and `nonlocal check`: fit a kernel to a dataset by Algorithm 1, and recompute a model's certificate on any grid.
import ArgumentParser
import Foundation
import NonlocalAssembly
import NonlocalCertificate
import NonlocalKernels
import NonlocalRegression
import NonlocalWorkflows

extension KernelRegression.Solver: ExpressibleByArgument {}
extension LatticeQuadrature: ExpressibleByArgument {}
extension KernelRegression.Consistency: ExpressibleByArgument {}
extension SignChangingNorm.Form: ExpressibleByArgument {}
extension ModelLearning.Loss: ExpressibleByArgument {}

struct Learn: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Learn a kernel from a dataset (Algorithm 1) and write it, with its coercivity certificate, as JSON.", discussion: "Examples:\n  nonlocal learn bih.nc --delta 0.5 --order 20 --sign-changing -o kernel.json\n  nonlocal learn frac.nc --delta 2 --order 1...8 --alpha learn -o k.json\n  nonlocal learn modes.nc --delta 0.0625 --order 4 --loss spectral -o p.json")


    @OptionGroup var console: ConsoleOptions

    @Argument(help: "The dataset (NetCDF, as `nonlocal generate` writes it).") var data: String
    @Option(parsing: .unconditional, help: "Horizon δ of the learned kernel (h ≤ δ ≤ the data's layer width).") var delta: Double
    @Option(parsing: .unconditional, help: "Bernstein order M, or a range A...B to fit every order and keep the best validation loss.") var order: String
    @Flag(help: "Learn a sign-changing part D (stage 2) under N(D) ≤ 1/(2κ).") var signChanging = false
    @Option(help: "exact (NNLS, Brent, QP) or adam (the paper's optimizer).") var solver: KernelRegression.Solver = .exact
    @Option(parsing: .unconditional, help: "Fractional kernel B_m(r/δ)/r^α: 'learn' or a fixed α ≥ 0. Omit for the Bernstein kernel (3.11).") var alpha: String?
    @Option(parsing: .unconditional, help: "The α searched by --alpha learn, as LOWER...UPPER (default 0...d+2s for data of (−Δ)^s, whose kernel has that singularity; otherwise 0...d+2, or 0...2.99 under the Galerkin and product rules).") var alphaRange: String?
    @Option(help: "How the fractional kernel is put on a grid: galerkin (1-D: mass-lumped P1 finite elements, so the model converges on finer grids, also for solutions singular at the boundary; the default with the exact solver), product (1-D: integrates K r² exactly against the data's second differences) or one-point (K(r)·h, the paper's; the default in 2-D and paper mode).")
    var quadrature: LatticeQuadrature?
    @Option(help: "Stage-2 constraint: coefficients (Σ w_m|D_m| ≤ τ: certified on the training grid and its refinements), l1 (K_D at the training stencil's points only: certified on that grid alone) or as-printed (the paper's eq. 4.4, for comparison).")
    var constraint: SignChangingNorm.Form = .coefficients
    @Option(help: "none (the exact fit); second-moment: the kernel's second moment on the training grid equals its integral, so the model keeps its accuracy on finer grids (Bernstein kernels, exact solver); or refinement, with --joint: C + D of any sign, coercive on h, h/2, h/5 and h/10, with its second moment and its symbol at --consistency-modes the same on h as on h/20 and h/40.")
    var consistency: KernelRegression.Consistency = .none
    @Option(parsing: .unconditional, help: "With --consistency refinement: the wavenumbers A...B whose symbol must not depend on the grid.")
    var consistencyModes: String = "1...3"
    @Flag(help: "Learn C and D in one convex program, where Algorithm 1 fixes C before D: the same certificate on the training grid, and kernels two stages exclude (periodic 1-D data; implies --sign-changing).") var joint = false
    @Option(parsing: .unconditional, help: "With --joint: penalize the kernel's curvature ∫K″² with weight λ_rel·tr(G)/tr(P), for data that leave its shape free (e.g. 1e-5; 0: none).") var curvature = 0.0
    @Option(parsing: .unconditional, help: "Fraction of the samples held out for the validation loss.") var validationFraction = 0.2
    @Option(help: "Which samples are held out: shuffled (a seeded random fraction, the same share of each family the generator recorded) or tail (the last ones in the file).")
    var split: Split = .shuffled
    @Option(help: "A dataset to validate on instead (same grid and evaluation points); all of DATA then trains.") var validation: String?
    @Option(parsing: .unconditional, help: "Paper mode: epochs of stage 1.") var epochs = 300
    @Option(parsing: .unconditional, help: "Seed of the validation split and, in paper mode, of the initial coefficients and shuffles.") var seed = Seed(1)
    @Option(help: "The grid the data must be on (its text form); learning stops if the dataset's differs.") var grid: String?
    @Flag(help: "Write a model whose operator is not coercive (λ_min ≤ 0), marked as such.") var allowNonCoercive = false
    @Option(help: "least-squares (a surrogate operator, Algorithm 1) or spectral (a preconditioner: Rayleigh quotients of data from the operator clustered by a linear program).")
    var loss: ModelLearning.Loss = .leastSquares
    @Flag(inversion: .prefixedNo, help: "Spectral fit: learn a reaction term c ≥ 0 beside the kernel.") var reaction = true
    @Flag(help: "Print the outcome as JSON (the model, the sweep, the time) instead of text.") var json = false
    @Option(name: [.customShort("o"), .long], help: "The kernel model to write (JSON).") var output: String

    /// The orders asked for: one, or a closed range.
    func orders() throws -> [Int] {
        let parts = order.components(separatedBy: "...")
        guard parts.count <= 2, let first = Int(parts[0]), let last = Int(parts.last!) else {
            throw CommandError("--order \(order): an order is a whole number M ≥ 0, or a range A...B of them (e.g. 2...8)")
        }
        guard first >= 0, last >= 0 else { throw CommandError("--order \(order) is negative; orders are whole numbers M ≥ 0") }
        guard first <= last else { throw CommandError("--order \(order) is an empty range; give A ≤ B") }
        return Array(first...last)
    }

    /// The exponent from --alpha and --alpha-range (nil for the Bernstein kernel); a learned α
    /// without a range searches 0:d+2 (`defaultUpper` = d + 2, known once the data are read).
    func exponent() throws -> KernelRegression.Exponent? {
        guard let alpha else {
            if alphaRange != nil { throw CommandError("--alpha-range needs --alpha learn") }
            return nil
        }
        if alpha == "learn" {
            guard let alphaRange else { return .learnedInDefaultRange }
            let ends = alphaRange.components(separatedBy: "...").map { Double($0) }
            guard ends.count == 2, let lower = ends[0], let upper = ends[1] else {
                throw CommandError("--alpha-range '\(alphaRange)' is not a range LOWER...UPPER, e.g. 0...3 (the syntax of every range)")
            }
            return .learned(lower: lower, upper: upper)
        }
        guard let value = Double(alpha) else { throw CommandError("--alpha '\(alpha)' is neither 'learn' nor a number") }
        if alphaRange != nil { throw CommandError("--alpha-range applies to --alpha learn only") }
        return .fixed(value)
    }

    /// --consistency-modes as a range of wavenumbers.
    func modes() throws -> ClosedRange<Int> {
        let ends = consistencyModes.components(separatedBy: "...").map { Int($0) }
        guard ends.count == 2, let lower = ends[0], let upper = ends[1], lower <= upper else {
            throw CommandError("--consistency-modes '\(consistencyModes)' is not a range of wavenumbers A...B, e.g. 1...3")
        }
        if consistency != .refinement, consistencyModes != "1...3" { throw CommandError("--consistency-modes needs --consistency refinement") }
        return lower...upper
    }

    func gridSpecification() throws -> GridSpecification? {
        try grid.map { text throws(GridError) in try GridSpecification(parsing: text) }
    }

    func validate() throws {
        _ = try seed.checked()
        _ = try orders()
        _ = try exponent()
        _ = try modes()
        _ = try gridSpecification()
        if loss == .spectral, alpha == "learn" {
            throw CommandError("--loss spectral takes a fixed α (default d + 2s from the data's recorded order); drop --alpha learn or give a number")
        }
        if loss == .spectral, signChanging { throw CommandError("--loss spectral learns a nonnegative kernel; drop --sign-changing") }
        if loss == .spectral, let quadrature, quadrature.integratesSingularity {
            throw CommandError("--loss spectral fits the grid's own operator under the one-point rule; drop --quadrature \(quadrature.rawValue)")
        }
        if validation != nil, split != .shuffled || validationFraction != 0.2 {
            throw CommandError("--validation replaces the held-out fraction; drop --split and --validation-fraction")
        }
        try OutputPath.check(output, extensions: ["json"], inputs: [data] + (validation.map { [$0] } ?? []))
    }

    /// Which samples `--split` holds out.
    enum Split: String, ExpressibleByArgument, CaseIterable {
        case shuffled, tail
    }

    func run() throws {
        let orders = try orders()
        var configuration = KernelRegression.Configuration(horizon: delta, order: orders[0])
        configuration.signChanging = signChanging
        configuration.solver = solver
        configuration.exponent = try exponent()
        configuration.quadrature = quadrature
        configuration.constraint = constraint
        configuration.consistency = consistency
        configuration.consistencyModes = try modes()
        (configuration.joint, configuration.curvature) = (joint, curvature)
        configuration.validationFraction = validationFraction
        configuration.shuffledSplit = split == .shuffled
        configuration.epochs = epochs
        configuration.seed = try seed.checked()
        var learning = ModelLearning(dataPath: data, configuration: configuration, orders: orders)
        learning.expectedGrid = try gridSpecification()
        learning.validationPath = validation
        learning.allowNonCoercive = allowNonCoercive
        learning.loss = loss
        learning.reaction = reaction
        let outcome = try learning.run(progress: progress)
        progress("writing \(output)")
        try outcome.model.write(to: output)
        if json { return try printJSON(LearnReport(output: output, model: outcome.model, sweep: outcome.sweep, seconds: outcome.seconds)) }
        if orders.count > 1 { print(Self.sweepTable(outcome.sweep)) }
        print(Self.summary(outcome.model, seconds: outcome.seconds, output: output))
    }

    /// `learn --json`: the model written, every order of the sweep, the regression's seconds.
    struct LearnReport: Encodable {
        let output: String
        let model: KernelModel
        let sweep: [KernelModel]
        let seconds: Double
    }

    static func sweepTable(_ models: [KernelModel]) -> String {
        // α only when it was fitted; the relative loss says how much of f the kernel explains.
        let fractional = models.contains { $0.exponent != nil }
        var table = Table(
            headers: ["M"] + (fractional ? ["α"] : []) + ["training loss", "validation loss", "validation, % of ‖f‖²", "stage-1 training", "λ_min"])
        for model in models {
            table.append(
                cells: ["\(model.order ?? 0)"] + (fractional ? [model.exponent?.fixed(4) ?? "-"] : []) + [
                    model.losses["training"]?.scientific(3) ?? "-", model.losses["validation"]?.scientific(3) ?? "-",
                    model.losses["validation_relative"].map { ($0 * 100).scientific(2) } ?? "-",
                    model.losses["training_stage1"]?.scientific(3) ?? "-", model.certificate?.lambdaMin.scientific(3) ?? "-",
                ])
        }
        return table.rendered
    }

    /// The losses, each relative one beside its absolute value.
    static func lossText(_ model: KernelModel) -> String {
        model.losses.keys.sorted().filter { !$0.hasSuffix("_relative") }.map { key in
            let relative = model.losses[key + "_relative"].map { " (\(($0 * 100).scientific(2)) % of ‖f‖²)" } ?? ""
            return "\(key) \(model.losses[key]!.scientific(3))\(relative)"
        }.joined(separator: ", ")
    }

    static func summary(_ model: KernelModel, seconds: Double, output: String) -> String {
        var lines = ["\(model.family.rawValue) kernel, M = \(model.order ?? 0), δ = \(model.horizon)"
            + (model.exponent.map { ", α = \($0.fixed(6))" } ?? "") + " (\(model.solver ?? "?"), \(seconds.fixed(3)) s)"]
        lines.append("  C = [\(model.nonnegativeCoefficients.map { $0.scientific(4) }.joined(separator: ", "))]")
        if let reaction = model.reaction { lines.append("  reaction c = \(reaction.scientific(4))") }
        if !model.signChangingCoefficients.isEmpty {
            lines.append("  D = [\(model.signChangingCoefficients.map { $0.scientific(4) }.joined(separator: ", "))]")
        }
        if let spread = model.losses["rayleigh_bulk_spread"], let outliers = model.losses["outliers"], let predicted = model.losses["predicted_cg_iterations"] {
            lines.append("  spectral fit: uᵀPu/uᵀAu ≥ 1 on every sample, within a factor \(spread.fixed(3)) on all but \(Int(outliers)) (the smoothest); about \(Int(predicted)) CG iterations predicted for A u = 1")
        } else {
            lines.append("  loss: " + Self.lossText(model))
        }
        if let c = model.certificate {
            let inverseKappa = c.kappa > 0 && c.kappa.isFinite ? (1 / c.kappa).scientific(4) : "0"
            // A bound at or below zero proves nothing; λ_min itself (exact on a periodic grid) is then the certificate.
            func bound(_ value: Double) -> String {
                value > 0 ? " ≥ 1/κ − 2N(D) = \(value.scientific(6))" : " (the bound 1/κ − 2N(D) = \(value.scientific(3)) says nothing here)"
            }
            lines.append("  certificate on \(c.grid): 1/κ = \(inverseKappa), N(D) = \(c.signChangingNorm.scientific(4)), λ_min = \(c.lambdaMin.scientific(6))\(bound(c.lowerBound))\(c.coercive ? "" : " — NOT COERCIVE")")
            for refined in c.refinements ?? [] {
                lines.append("  also on \(refined.grid): λ_min = \(refined.lambdaMin.scientific(6))\(bound(refined.lowerBound))\(refined.coercive ? "" : " — NOT COERCIVE")")
            }
        }
        lines.append("  wrote \(output)")
        return lines.joined(separator: "\n")
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Recompute a kernel model's coercivity certificate (λ_min beside 1/κ − 2N(D)) on its training grid or any other; exits 1 if not coercive.", discussion: "Example:\n  nonlocal check kernel.json --grid interval:a=-1,b=1,h=0.005,delta=0.5")


    @OptionGroup var console: ConsoleOptions

    @Argument(help: "The kernel model (JSON).") var model: String
    @Option(help: "The grid to certify on (default: the one in the model's certificate).") var grid: String?
    @Flag(help: "Print the certificate as JSON instead of a table.") var json = false

    func validate() throws { _ = try grid.map { text throws(GridError) in try GridSpecification(parsing: text) } }

    func run() throws {
        let grid = try self.grid.map { text throws(GridError) in try GridSpecification(parsing: text) }
        let outcome = try ModelCertification(modelPath: model, grid: grid).run(progress: progress)
        let certificate = outcome.certificate
        if json {
            try printJSON(CheckReport(
                model: model, grid: outcome.grid.description, unknowns: outcome.unknowns, certificate: certificate,
                lambdaMinResidual: certificate.lambdaMinResidual, seconds: outcome.seconds))
            if let refusal = outcome.refusal { throw refusal }
            return
        }
        var table = Table("grid", "1/κ(C)", "N(D)", "1/κ − 2N(D)", "λ_min", "‖Aw − λw‖", "coercive")
        table.append(
            outcome.grid.description, certificate.kappa > 0 && certificate.kappa.isFinite ? (1 / certificate.kappa).scientific(6) : "0",
            certificate.signChangingNorm.scientific(6), certificate.lowerBound.scientific(6), certificate.lambdaMin.scientific(6),
            certificate.lambdaMinResidual.map { $0.scientific(1) } ?? "exact", certificate.coercive ? "yes" : "NO")
        print(table.rendered)
        progress("certified in \(outcome.seconds.fixed(3)) s")
        if let refusal = outcome.refusal { throw refusal }
    }
}

/// `check --json`.
struct CheckReport: Encodable {
    let model: String
    let grid: String
    let unknowns: Int
    let certificate: KernelModel.Certificate
    /// ‖A w − λ_min w‖₂ of the eigensolver's unit vector; absent on periodic grids (λ_min is the exact symbol).
    let lambdaMinResidual: Double?
    let seconds: Double
}
