// `nonlocal learn` and `nonlocal check`: fit a kernel to a dataset by Algorithm 1, and recompute a model's certificate on any grid.
import ArgumentParser
import Crypto
import Foundation
import NonlocalAssembly
import NonlocalData
import NonlocalFiles
import NonlocalKernels
import NonlocalRegression

extension KernelRegression.Solver: ExpressibleByArgument {}
extension SignChangingNorm.Form: ExpressibleByArgument {}

struct Learn: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Learn a kernel from a dataset (Algorithm 1) and write it, with its coercivity certificate, as JSON.")

    @Argument(help: "The dataset (NetCDF, as `nonlocal generate` writes it).") var data: String
    @Option(parsing: .unconditional, help: "Horizon δ of the learned kernel (h ≤ δ ≤ the data's layer width).") var delta: Double
    @Option(parsing: .unconditional, help: "Bernstein order M, or a range A...B to fit every order and keep the best validation loss.") var order: String
    @Flag(help: "Learn a sign-changing part D (stage 2) under N(D) ≤ 1/(2κ).") var signChanging = false
    @Option(help: "exact (NNLS, Brent, QP) or adam (the paper's optimizer).") var solver: KernelRegression.Solver = .exact
    @Option(parsing: .unconditional, help: "Fractional kernel B_m(r/δ)/r^α: 'learn' or a fixed α ≥ 0. Omit for the Bernstein kernel (3.11).") var alpha: String?
    @Option(parsing: .unconditional, help: "The α searched by --alpha learn, as LOWER:UPPER (default 0:d+2).") var alphaRange: String?
    @Option(help: "Stage-2 constraint: l1 (certified) or as-printed (the paper's eq. 4.4, for comparison).") var constraint: SignChangingNorm.Form = .l1
    @Option(parsing: .unconditional, help: "Fraction of the samples held out for the validation loss.") var validationFraction = 0.2
    @Option(help: "Paper mode: epochs of stage 1.") var epochs = 300
    @Option(help: "Paper mode: seed of the initial coefficients and shuffles.") var seed: UInt64 = 1
    @Option(help: "The grid the data must be on (its text form); learning stops if the dataset's differs.") var grid: String?
    @Flag(help: "Write a model whose operator is not coercive (λ_min ≤ 0), marked as such.") var allowNonCoercive = false
    @Option(name: [.customShort("o"), .long], help: "The kernel model to write (JSON).") var output: String

    /// The orders asked for: one, or a closed range.
    func orders() throws -> [Int] {
        let parts = order.components(separatedBy: "...")
        guard parts.count <= 2, let first = Int(parts[0]), let last = Int(parts.last!) else {
            throw CommandError("--order '\(order)' is not an order M or a range A...B of orders")
        }
        guard first >= 0, last >= 0 else { throw CommandError("--order \(order) is negative; orders are M ≥ 0") }
        guard first <= last else { throw CommandError("--order \(order) is an empty range; give A ≤ B") }
        return Array(first...last)
    }

    /// The exponent from --alpha and --alpha-range (nil for the Bernstein kernel).
    func exponent(dimension: Int) throws -> KernelRegression.Exponent? {
        guard let alpha else {
            if alphaRange != nil { throw CommandError("--alpha-range needs --alpha learn") }
            return nil
        }
        if alpha == "learn" {
            guard let alphaRange else { return .learned(lower: 0, upper: Double(dimension + 2)) }
            let ends = alphaRange.split(separator: ":").map { Double($0) }
            guard ends.count == 2, let lower = ends[0], let upper = ends[1] else {
                throw CommandError("--alpha-range '\(alphaRange)' is not LOWER:UPPER, e.g. 0:3")
            }
            return .learned(lower: lower, upper: upper)
        }
        guard let value = Double(alpha) else { throw CommandError("--alpha '\(alpha)' is neither 'learn' nor a number") }
        if alphaRange != nil { throw CommandError("--alpha-range applies to --alpha learn only") }
        return .fixed(value)
    }

    func validate() throws { _ = try orders() }

    func run() throws {
        let orders = try orders()
        let dataset = try Dataset.read(from: data)
        if let grid {
            let requested = try GridSpecification(parsing: grid)
            guard requested == dataset.grid else {
                throw RegressionError.gridMismatch(dataset: dataset.grid.description, requested: requested.description)
            }
        }
        var configuration = KernelRegression.Configuration(horizon: delta, order: orders[0])
        configuration.signChanging = signChanging
        configuration.solver = solver
        configuration.exponent = try exponent(dimension: dataset.grid.dimension)
        configuration.constraint = constraint
        configuration.validationFraction = validationFraction
        configuration.epochs = epochs
        configuration.seed = seed
        let regression = try KernelRegression(dataset: dataset, configuration: configuration)
        progress("learning from \(data): \(dataset.problem), \(regression.trainingSamples.count.grouped) training and \(regression.validationSamples.count.grouped) validation samples, δ = \(delta)")

        let (models, seconds) = try timed { try regression.sweep(orders: orders, progress: progress) }
        if orders.count > 1 { print(Self.sweepTable(models)) }
        let key = models.allSatisfy { $0.losses["validation"] != nil } ? "validation" : "training"
        var model = models.min { $0.losses[key, default: .infinity] < $1.losses[key, default: .infinity] }!
        model.provenance?.dataFile = data
        model.provenance?.dataHash = try Self.sha256(of: data)

        guard let certificate = model.certificate else { throw CommandError("the regression returned no certificate") }
        if !certificate.coercive && !allowNonCoercive {
            throw RegressionError.notCoercive(lambdaMin: certificate.lambdaMin, grid: certificate.grid)
        }
        try AtomicFile.write(model.encoded(), to: output)
        print(Self.summary(model, seconds: seconds, output: output))
    }

    static func sweepTable(_ models: [KernelModel]) -> String {
        var table = Table("M", "training loss", "validation loss", "stage-1 training", "λ_min")
        for model in models {
            table.append(
                "\(model.order ?? 0)", model.losses["training"]?.scientific(3) ?? "-", model.losses["validation"]?.scientific(3) ?? "-",
                model.losses["training_stage1"]?.scientific(3) ?? "-", model.certificate?.lambdaMin.scientific(3) ?? "-")
        }
        return table.rendered
    }

    static func summary(_ model: KernelModel, seconds: Double, output: String) -> String {
        var lines = ["\(model.family.rawValue) kernel, M = \(model.order ?? 0), δ = \(model.horizon)"
            + (model.exponent.map { ", α = \($0.fixed(6))" } ?? "") + " (\(model.solver ?? "?"), \(seconds.fixed(3)) s)"]
        lines.append("  C = [\(model.nonnegativeCoefficients.map { $0.scientific(4) }.joined(separator: ", "))]")
        if !model.signChangingCoefficients.isEmpty {
            lines.append("  D = [\(model.signChangingCoefficients.map { $0.scientific(4) }.joined(separator: ", "))]")
        }
        let losses = model.losses.keys.sorted().map { "\($0) \(model.losses[$0]!.scientific(3))" }
        lines.append("  loss: " + losses.joined(separator: ", "))
        if let c = model.certificate {
            lines.append("  certificate on \(c.grid): 1/κ = \(c.kappa > 0 ? (1 / c.kappa).scientific(4) : "0"), N(D) = \(c.signChangingNorm.scientific(4)), λ_min = \(c.lambdaMin.scientific(6)) ≥ 1/κ − 2N(D) = \(c.lowerBound.scientific(6))\(c.coercive ? "" : " — NOT COERCIVE")")
        }
        lines.append("  wrote \(output)")
        return lines.joined(separator: "\n")
    }

    /// The SHA-256 of a file, hex.
    static func sha256(of path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw CommandError("cannot read \(path) to hash it") }
        return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Recompute a kernel model's coercivity certificate (λ_min beside 1/κ − 2N(D)) on its training grid or any other; exits 1 if not coercive.")

    @Argument(help: "The kernel model (JSON).") var model: String
    @Option(help: "The grid to certify on (default: the one in the model's certificate).") var grid: String?

    func run() throws {
        let model = try KernelModel.read(from: self.model)
        guard let text = grid ?? model.certificate?.grid else {
            throw CommandError("\(self.model) records no training grid; pass one with --grid")
        }
        let specification = try GridSpecification(parsing: text)
        let grid = try specification.makeGrid()
        progress("certifying \(self.model) on \(specification) (\(grid.interiorCount.grouped) unknowns)")
        let (certificate, seconds) = try timed { try KernelModel.Certificate(model: model, grid: grid, specification: specification) }
        var table = Table("grid", "1/κ(C)", "N(D)", "1/κ − 2N(D)", "λ_min", "coercive")
        table.append(
            specification.description, certificate.kappa > 0 ? (1 / certificate.kappa).scientific(6) : "0",
            certificate.signChangingNorm.scientific(6), certificate.lowerBound.scientific(6), certificate.lambdaMin.scientific(6),
            certificate.coercive ? "yes" : "NO")
        print(table.rendered)
        progress("certified in \(seconds.fixed(3)) s")
        if !certificate.coercive {
            throw RegressionError.notCoercive(lambdaMin: certificate.lambdaMin, grid: specification.description)
        }
    }
}
