// PaperReproduction: `nonlocal reproduce` — the paper's Tables 1–3 recomputed with the toolkit's defaults and set beside the printed values, as CSV and Markdown.
import Foundation
import NonlocalAssembly
import NonlocalCertificate
import NonlocalFiles
import NonlocalGenerators
import NonlocalKernels
import NonlocalLinearAlgebra
import NonlocalRegression

/// Recomputes the paper's tables and writes, for each, `NAME.csv` (every number) and `NAME.md`
/// (ours beside the paper's, with what agrees and what does not), into one folder.
///
/// Every open choice is a default of the toolkit, stated in the Markdown:
/// - Tables 1–2 (§7): biharmonic data, 50,000 samples (2,000 with ``quick``), M = 20, decay 0.1,
///   99 modes, 100 points; all samples train (the paper reports training losses); stage 2 under
///   the coefficient constraint. Table 2's test, u = sin 2πx, is solved exactly on the periodic
///   grid: the operator is circulant, so u = s(1)/σ(1) sin 2πx with σ the learned symbol and s(1)
///   the PDE's. Beside it, the same models learned with `--consistency second-moment`, on the
///   training grid and at h/10, and every C+D model's λ_min at h/2, h/5 and h/10; and C + D from the
///   refinement-consistent joint program (``refinementModes``, ``refinementCurvature``), at h and h/10.
/// - Table 3 (§8): fractional data with the default forcings (cos kx), s = ¾, h = 0.01, 2,500
///   samples of which 2,000 train (600 with ``quick``), α learned in [0, 1 + 2s] under the Galerkin
///   rule (the defaults), and beside them the paper's fits, one-point rule and α in [0, 3];
///   the error is the relative ℓ² error of L_K u = 1 against the analytic solution at the grid
///   points, and (full runs) at h/10.
public struct PaperReproduction: Sendable {
    public enum Item: String, Sendable, CaseIterable {
        case table1, table2, table3, figure1, figure2, figure3, figure4, figure5, figure6, figure7, figure8, figure9, figure10, all

        /// The figures `all` draws, and whether this item is one of them.
        static let figures: [Item] = [.figure1, .figure2, .figure3, .figure4, .figure5, .figure6, .figure7, .figure8, .figure9, .figure10]
        var isFigure: Bool { Self.figures.contains(self) }
    }

    public var folder: String
    /// Fewer samples: the same tables in seconds, with the same qualitative results.
    public var quick = false
    /// Debian's python3 with matplotlib, which draws the figures.
    public var python = "/usr/bin/python3"

    public init(folder: String) { self.folder = folder }

    /// Computes `item` and writes its files (tables 1 and 2 share their models; `all` adds
    /// `REPRODUCTION.md`, every table with where we differ from the paper and why). Returns the paths written.
    public func run(_ item: Item, progress: @escaping @Sendable (String) -> Void = { _ in }) throws -> [String] {
        try FileSystem.createFolders(folder)
        // Minutes of work must not end in a folder that takes no files.
        try AtomicFile.checkFilesCanBeCreated(in: folder, for: folder)
        var documents: [(name: String, csv: String?, markdown: String?)] = []
        var biharmonic: [BiharmonicCell] = []
        if [.table1, .table2, .all].contains(item) {
            biharmonic = try biharmonicCells(progress: progress)
            if item != .table2 { documents.append(("table1", Self.table1CSV(biharmonic), Self.table1Markdown(biharmonic, quick: quick))) }
            if item != .table1 { documents.append(("table2", Self.table2CSV(biharmonic), Self.table2Markdown(biharmonic, quick: quick))) }
        }
        if item == .table3 || item == .all {
            let cells = try fractionalCells(progress: progress)
            documents.append(("table3", Self.table3CSV(cells), Self.table3Markdown(cells, quick: quick)))
        }
        // Figures 3–5 share one sweep per data set; figure 10 draws one configuration of Table 1.
        let wanted = item == .all ? Item.figures : (item.isFigure ? [item] : [])
        for (name, order) in [("figure1", 1), ("figure2", 2)] where wanted.contains(Item(rawValue: name)!) {
            let (csv, markdown) = try predictionFigure(name, order: order, progress: progress)
            documents.append((name, csv, markdown))
        }
        var sweeps: [SweepPoint] = []
        if wanted.contains(where: { [.figure3, .figure4, .figure5].contains($0) }) {
            sweeps = try manufacturedSweeps(progress: progress)
            if wanted.contains(.figure3) { documents.append(("figure3", Self.figure3CSV(sweeps), Self.figure3Markdown(sweeps, quick: quick))) }
            for (name, content) in [("figure4", ManufacturedProblem.Content.low), ("figure5", .high)] where wanted.contains(Item(rawValue: name)!) {
                let kernels = { (method: SweepMethod) in
                    sweeps.filter { $0.content == content && $0.method == method && Self.kernelOrders.contains($0.model.order ?? -1) }.map(\.model)
                }
                documents.append((name, Self.kernelCSV(kernels(.exact), joint: kernels(.joint)), Self.kernelMarkdown(name, kernels(.exact), joint: kernels(.joint), content: content)))
            }
        }
        // Figures 7–9 share one study of §6; figure 9 adds the order sweep at δ = 4L.
        var darcySweep: [DarcyModel] = []
        if wanted.contains(.figure6) { documents.append(("figure6", try Self.figure6CSV(), Self.figure6Markdown)) }
        if wanted.contains(where: { [.figure7, .figure8, .figure9].contains($0) }) {
            let tests = try DarcyTests()
            let study = try darcyStudy(tests: tests, progress: progress)
            if wanted.contains(.figure7) { documents.append(("figure7", try Self.figure7CSV(study, tests: tests), Self.figure7Markdown(study))) }
            if wanted.contains(.figure8) { documents.append(("figure8", Self.figure8CSV(study), Self.figure8Markdown(study))) }
            if wanted.contains(.figure9) {
                darcySweep = try darcyOrderSweep(tests: tests, progress: progress)
                documents.append(("figure9", try Self.figure9CSV(study), Self.figure9Markdown(study, sweep: darcySweep)))
                documents.append(("figure9-moments", Self.momentsCSV(study + darcySweep), nil))
            }
        }
        if wanted.contains(.figure10) {
            // Table 1's configuration c = 0.003, δ = 0.5, from the tables when they were computed.
            let (c, delta) = (0.003, 0.5)
            let cell = try biharmonic.first { $0.c == c && $0.delta == delta } ?? biharmonicCell(c: c, delta: delta, progress: progress)
            documents.append(("figure10", Self.figure10CSV(cell.plain, cell.signChanging), Self.figure10Markdown(cell.plain, cell.signChanging)))
        }
        if item == .all {
            let tables = documents.compactMap(\.markdown).map { $0.replacingOccurrences(of: "# Table", with: "## Table").replacingOccurrences(of: "# Figure", with: "## Figure") }
            documents.append(("REPRODUCTION", nil, Self.page(tables: tables, biharmonic: biharmonic, sweeps: sweeps, darcy: darcySweep, quick: quick)))
        }
        let path = { (name: String) in self.folder.hasSuffix("/") ? self.folder + name : self.folder + "/" + name }
        var written = try OutputTransaction.run(primary: path(documents.last { $0.markdown != nil }!.name + ".md")) { () throws(FileError) -> [String] in
            var written: [String] = []
            for document in documents {
                if let csv = document.csv {
                    try AtomicFile.write(Array(csv.utf8), to: path(document.name + ".csv"))
                    written.append(path(document.name + ".csv"))
                }
                if let markdown = document.markdown {
                    try AtomicFile.write(Array(markdown.utf8), to: path(document.name + ".md"))
                    written.append(path(document.name + ".md"))
                }
            }
            return written
        }
        if !wanted.isEmpty {
            progress("drawing \(wanted.map(\.rawValue).joined(separator: ", ")) with matplotlib")
            written += try FigureScript.draw(
                "paper_figures", names: wanted.map(\.rawValue), in: folder, python: python)
        }
        return written
    }

    /// REPRODUCTION.md: how to rerun it, the tables, and the differences discussed.
    static func page(tables: [String], biharmonic: [BiharmonicCell], sweeps: [SweepPoint], darcy: [DarcyModel], quick: Bool) -> String {
        let above = biharmonic.filter { $0.errorC > paper(PaperTables.table2, c: $0.c, delta: $0.delta, signChanging: false) }.count
        let lossBelow = biharmonic.filter { $0.lossC <= paper(PaperTables.table1, c: $0.c, delta: $0.delta, signChanging: false) }.count
        let ratios = biharmonic.map { paper(PaperTables.table1, c: $0.c, delta: $0.delta, signChanging: false) / $0.lossC }
        let ratioRange = ratios.isEmpty ? "" : "\(fixed2(ratios.min()!))–\(fixed2(ratios.max()!))×"
        var lines = [
            "# The paper reproduced", "",
            "Written by `nonlocal reproduce all --out docs/reproduction`\(quick ? " --quick (few samples: rerun without --quick for the real numbers)" : "") "
                + "with the toolkit's defaults; each table's CSV beside this page holds every number. Ours come first, the paper's second.", "",
        ]
        lines += tables
        lines += [
            "## Where we differ, and why", "",
            "- **Training losses (Table 1)** are at or below the paper's nearly everywhere because the exact solvers (NNLS, an "
                + "interior-point QP) find the minimum that the paper's Adam approaches; the one cell above is the paper's typo.",
            "- **C-only test errors (Table 2)** are above the paper's in \(above) of \(biharmonic.count) cells although our training losses "
                + "are at or below its own in \(lossBelow) of \(biharmonic.count). The loss weighs the data's modes k ≈ 1–7 (decay "
                + "exp(−0.2k²)); the test asks for k = 1 alone. The exact minimizer spends its freedom on the modes the loss weighs "
                + "most, where the paper's Adam, whose C-only losses are \(ratioRange) the exact optimum's, stopped at a kernel that "
                + "happens to fit k = 1 better. "
                + "A lower loss is not a better k = 1 answer; it is a better answer on the data's distribution.",
            "- **Stage 2.** The paper's constraint (eq. 4.4) bounds the integral of the sign-changing part, which leaves it "
                + "unbounded: with it, \(biharmonic.filter { !($0.lambdaAsPrinted > 0) }.count) of \(biharmonic.count) C + D models above "
                + "are not coercive on their own training grid (Table 1's last line). Ours bounds "
                + "Σ w_m|D_m|, which bounds the L1 form on the training grid and its refinements, so every model here is certified "
                + "on the training grid and at h/2, h/5, h/10. Coercivity is not accuracy under refinement: Table 2's last column "
                + "adds `--consistency second-moment`, which ties the stencil's second moment to its integral.",
            table2Paragraph(biharmonic),
            "- **Table 3's forcings.** §8 cites (7.2)–(7.3) without placing them on (−1, 1); cos(kx) reproduces the table "
                + "(docs/LEARNING.md compares the three readings). The truncated kernel's column is 10–22 % below the paper's with "
                + "any forcings: that kernel, C_{1,s}/r^{1+2s} cut at δ, does not depend on the data, and the paper does not say how "
                + "it discretized it.",
            "- **Table 3's discretization.** Under the paper's one-point rule a learned α runs to 3, where K r² stops being "
                + "integrable, and a model fitted at h = 0.01 is a different operator on any other grid (the second table shows its "
                + "error at h/10). Ours learns under mass-lumped P1 Galerkin (docs/LEARNING.md), which makes a model one operator "
                + "on every grid, with α at most the data's own singularity 1 + 2s = 2.5: α comes out at 2.4–2.5 for δ ≥ 2 and the "
                + "errors stay put at h/10. The product rule (`--quadrature product`) is second order for smooth u, but on the f = 1 "
                + "solution (1 − x²)^¾, singular at ±1, both rules are first order and the product rule's error is 4× Galerkin's "
                + "(0.35 % against 0.09 % at h = 0.01 for the exact kernel): a model whose error at h is below that cancels against "
                + "the grid and grows at h/10 (2 of 24 beyond 2× under the product rule). "
                + "Left free, α would run to the rule's limit at δ ≤ 1/4, a nearly local operator.",
            "- **Figure 3.** The paper sees no benefit past M = 11 on low-frequency data and a steady gain on high-frequency "
                + "data. Its own method (paper mode: Adam under the printed constraint) shows exactly that here (late gain g, low "
                + "\(fixed2(lateGain(sweeps, .low, .paper))), high \(fixed2(lateGain(sweeps, .high, .paper)))), but not as a property "
                + "of the data: at the exact optimum the validation loss keeps falling slowly on both (g = "
                + "\(fixed2(lateGain(sweeps, .low, .exact))) low, \(fixed2(lateGain(sweeps, .high, .exact))) high). The curves' shape is "
                + "where Adam stops.",
            figures45(sweeps),
            "- **§6's coarse-graining.** The paper averages over each cell pair and holds the average constant on it, a "
                + "staircase with ten learning points per step. A kernel fitted to a staircase sees its steps: trained on wavelengths ≥ 5 "
                + "at δ = 4L, its second moment misses 1.6 by \(darcyMomentRange(darcy, .cellPairs)) as M goes from 5 to 20. "
                + "`generate darcy` averages over one period around every point instead (`--coarse-graining moving`, the default; "
                + "`cell-pairs` is the paper's): the same wavelengths then miss it by \(darcyMomentRange(darcy, .moving)). "
                + "Forcings have whole wavenumbers k = 10/λ, uniform in 1…⌊10/λmin⌋, with a random amplitude and phase; the paper "
                + "draws λ uniformly, and a non-integer number of waves is not periodic on [0, 10].",
            "- **Typos in the paper**: Table 1 prints 1.74e-5 at c = 0.005, δ = 0.125 (C + D), ten times below its own C-only "
                + "loss, and \"2.45-02\" at c = 0.001, δ = 0.99.",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: Tables 1–2

    /// One (c, δ) configuration of Tables 1–2.
    struct BiharmonicCell {
        let c: Double, delta: Double
        let lossC: Double, lossCD: Double
        let errorC: Double, errorCD: Double
        /// With the second-moment consistency: the C+D error on the training grid and at h/10.
        let errorConsistent: Double, errorConsistentFine: Double
        /// λ_min on the training grid (the certificate) and the smallest over h/2, h/5, h/10, for C+D and consistent C+D.
        let lambdaCD: Double, lambdaCDRefined: Double, lambdaConsistentRefined: Double
        /// C + D under the paper's printed constraint (eq. 4.4): its loss and λ_min on the training grid.
        let lossAsPrinted: Double, lambdaAsPrinted: Double
        /// C + D from the refinement-consistent joint program: its error on the training grid and at h/10, its
        /// smallest λ_min over h, h/2, h/5, h/10, and its kernel's shape: max|K| / max K_{C*} and min K / max K.
        let errorRefinement: Double, errorRefinementFine: Double, lambdaRefinement: Double
        let refinementSize: Double, refinementNegativity: Double
        /// The C-only and C + D models themselves (Figure 10 draws one configuration's).
        let plain: KernelModel, signChanging: KernelModel
    }

    private var biharmonicSamples: Int { quick ? 2_000 : 50_000 }

    private func biharmonicCells(progress: @escaping @Sendable (String) -> Void) throws -> [BiharmonicCell] {
        try PaperTables.biharmonicC.flatMap { c in
            try PaperTables.biharmonicDelta.map { delta in try biharmonicCell(c: c, delta: delta, progress: progress) }
        }
    }

    /// One configuration of Tables 1–2: its data, its four models and their numbers.
    private func biharmonicCell(c: Double, delta: Double, progress: @escaping @Sendable (String) -> Void) throws -> BiharmonicCell {
        progress("biharmonic data, c = \(c), δ = \(delta) (\(biharmonicSamples) samples, M = 20)")
        var problem = BiharmonicProblem()
        (problem.c, problem.horizon, problem.samples) = (c, delta, biharmonicSamples)
        let data = try problem.generate()
        func learn(
            signChanging: Bool, consistency: KernelRegression.Consistency, constraint: SignChangingNorm.Form = .coefficients
        ) throws -> KernelModel {
            var configuration = KernelRegression.Configuration(horizon: delta, order: 20)
            (configuration.signChanging, configuration.consistency, configuration.validationFraction) = (signChanging, consistency, 0)
            configuration.constraint = constraint
            if consistency == .refinement {
                (configuration.joint, configuration.curvature, configuration.consistencyModes) = (true, Self.refinementCurvature, Self.refinementModes)
            }
            return try KernelRegression(dataset: data, configuration: configuration).run()
        }
        let plain = try learn(signChanging: false, consistency: .none)
        let signChanging = try learn(signChanging: true, consistency: .none)
        let consistent = try learn(signChanging: true, consistency: .secondMoment)
        let asPrinted = try learn(signChanging: true, consistency: .none, constraint: .asPrinted)
        let refinement = try learn(signChanging: true, consistency: .refinement)
        let exact = problem.symbol(1)
        func error(_ model: KernelModel, refinement: Int = 1) throws -> Double {
            abs(exact / Self.periodicSymbols(try model.makeKernel(), points: problem.points * refinement)[0] - 1)
        }
        func refinedMinimum(_ model: KernelModel) throws -> Double {
            let kernel = try model.makeKernel()
            return [2, 5, 10].map { Self.periodicSymbols(kernel, points: problem.points * $0).min()! }.min()!
        }
        let extremes = try Self.kernelExtremes(refinement, against: plain)
        return BiharmonicCell(
            c: c, delta: delta, lossC: plain.losses["training"]!, lossCD: signChanging.losses["training"]!,
            errorC: try error(plain), errorCD: try error(signChanging),
            errorConsistent: try error(consistent), errorConsistentFine: try error(consistent, refinement: 10),
            lambdaCD: signChanging.certificate?.lambdaMin ?? .nan, lambdaCDRefined: try refinedMinimum(signChanging),
            lambdaConsistentRefined: try refinedMinimum(consistent),
            lossAsPrinted: asPrinted.losses["training"]!, lambdaAsPrinted: asPrinted.certificate?.lambdaMin ?? .nan,
            errorRefinement: try error(refinement), errorRefinementFine: try error(refinement, refinement: 10),
            lambdaRefinement: Swift.min(refinement.certificate?.lambdaMin ?? .nan, try refinedMinimum(refinement)),
            refinementSize: extremes.size, refinementNegativity: extremes.negativity,
            plain: plain, signChanging: signChanging)
    }

    /// Table 2's refinement-consistent column: `learn --joint --consistency refinement --consistency-modes 2...4
    /// --curvature 1e-5`. Modes from 2 up, so the test's own mode k = 1 is not one of the constraints and its
    /// error at h/10 is a test of the others; the curvature is fixed, since held-out samples on the training grid
    /// cannot see what it is for.
    static let refinementModes = 2...4, refinementCurvature = 1e-5

    /// max|K| / max K_{C*} and min K / max K on 401 points of [0, δ]: how far a sign-changing model is from
    /// the nonnegative fit it started from, and how deep its negative part goes.
    static func kernelExtremes(_ model: KernelModel, against plain: KernelModel) throws -> (size: Double, negativity: Double) {
        let (kernel, reference) = (try model.makeKernel(), try plain.makeKernel())
        let radii = (0...400).map { model.horizon * Double($0) / 400 }
        let values = radii.map { kernel($0) }, referenceMaximum = radii.map { reference($0) }.max()!
        return (values.map(abs).max()! / referenceMaximum, values.min()! / values.max()!)
    }

    /// σ(k), k = 1…n/2, of a kernel on the periodic unit interval of n points: the eigenvalues of its
    /// circulant operator on mean-zero functions.
    static func periodicSymbols(_ kernel: some RadialKernel, points n: Int) -> [Double] {
        Stencil(kernel: kernel, spacing: 1 / Double(n)).periodicSymbols(of: [kernel], wavenumbers: Array(1...(n / 2)), length: 1).storage
    }

    /// The printed value of one of Tables 1–2's cells (every cell ``biharmonicCells`` computes is one).
    static func paper(_ table: [[Double]], c: Double, delta: Double, signChanging: Bool) -> Double {
        PaperTables.printed(table, c: c, delta: delta, signChanging: signChanging)!
    }

    static func table1CSV(_ cells: [BiharmonicCell]) -> String {
        var lines = ["c,delta,paper_C,paper_CD,ours_C,ours_CD,lambda_min_CD,lambda_min_CD_refined,ours_CD_as_printed,lambda_min_CD_as_printed"]
        for cell in cells {
            lines.append([
                "\(cell.c)", "\(cell.delta)", "\(paper(PaperTables.table1, c: cell.c, delta: cell.delta, signChanging: false))",
                "\(paper(PaperTables.table1, c: cell.c, delta: cell.delta, signChanging: true))", "\(cell.lossC)", "\(cell.lossCD)",
                "\(cell.lambdaCD)", "\(cell.lambdaCDRefined)", "\(cell.lossAsPrinted)", "\(cell.lambdaAsPrinted)",
            ].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func table2CSV(_ cells: [BiharmonicCell]) -> String {
        var lines = [
            "c,delta,paper_C,paper_CD,ours_C,ours_CD,ours_CD_consistent,ours_CD_consistent_h10,lambda_min_CD_consistent_refined,"
                + "ours_CD_refinement,ours_CD_refinement_h10,lambda_min_CD_refinement,refinement_max_over_C,refinement_min_over_max"
        ]
        for cell in cells {
            lines.append([
                "\(cell.c)", "\(cell.delta)", "\(paper(PaperTables.table2, c: cell.c, delta: cell.delta, signChanging: false))",
                "\(paper(PaperTables.table2, c: cell.c, delta: cell.delta, signChanging: true))", "\(cell.errorC)", "\(cell.errorCD)",
                "\(cell.errorConsistent)", "\(cell.errorConsistentFine)", "\(cell.lambdaConsistentRefined)",
                "\(cell.errorRefinement)", "\(cell.errorRefinementFine)", "\(cell.lambdaRefinement)", "\(cell.refinementSize)",
                "\(cell.refinementNegativity)",
            ].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func table1Markdown(_ cells: [BiharmonicCell], quick: Bool) -> String {
        var lines = [
            "# Table 1: training loss, C only and C + D (ours / paper)", "",
            "Biharmonic data (§7), \(quick ? "2,000" : "50,000") samples, M = 20, all samples training, stage 2 under the coefficient constraint.", "",
            "| c | " + PaperTables.biharmonicDelta.map { "δ = \($0): C | C + D" }.joined(separator: " | ") + " |",
            "|---|" + String(repeating: "---|---|", count: PaperTables.biharmonicDelta.count),
        ]
        let asPrintedFailures = cells.map(\.lambdaAsPrinted).filter { !($0 > 0) }
        var atOrBelow = 0, certified = 0
        var above: [String] = []
        for c in PaperTables.biharmonicC {
            var row = "| \(c) |"
            for delta in PaperTables.biharmonicDelta {
                let cell = cells.first { $0.c == c && $0.delta == delta }!
                for (ours, signChanging) in [(cell.lossC, false), (cell.lossCD, true)] {
                    let printed = paper(PaperTables.table1, c: c, delta: delta, signChanging: signChanging)
                    if ours <= printed { atOrBelow += 1 } else { above.append("c = \(c), δ = \(delta), \(signChanging ? "C + D" : "C"): \(scientific(ours)) > \(scientific(printed))") }
                    row += " \(scientific(ours)) / \(scientific(printed)) |"
                }
                if cell.lambdaCD > 0 && cell.lambdaCDRefined > 0 { certified += 1 }
            }
            lines.append(row)
        }
        let typo = PaperTables.table1Typo
        lines += [
            "", "Our training loss is at or below the paper's in \(atOrBelow) of \(2 * cells.count) cells.",
            above.isEmpty ? "" : "Above it: " + above.joined(separator: "; ") + ".",
            "The paper's C + D value at c = \(typo.c), δ = \(typo.delta) (1.74e-5) is ten times below its own C-only loss and its neighbours: a typo for 1.74e-4.",
            "Every C + D model coercive on the training grid and at h/2, h/5, h/10 (λ_min > 0): \(certified) of \(cells.count).",
            "Under the paper's printed constraint (eq. 4.4, `--constraint as-printed`) instead, \(asPrintedFailures.count) of \(cells.count) "
                + "C + D models are not coercive on the training grid" + (asPrintedFailures.isEmpty ? "." : " (λ_min down to \(scientific(asPrintedFailures.min()!))).")
                + " Its bound on the integral of K_D leaves K_D itself unbounded.",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    static func table2Markdown(_ cells: [BiharmonicCell], quick: Bool) -> String {
        var lines = [
            "# Table 2: relative error of the test u = sin 2πx (ours / paper)", "",
            "The models of Table 1; the periodic operator is circulant, so the discrete solution is exact in closed form.", "",
            "| δ | C, mean over c | C + D, mean over c | C + D / C | C + D with --consistency second-moment: h, h/10 |",
            "|---|---|---|---|---|",
        ]
        for delta in PaperTables.biharmonicDelta {
            let row = cells.filter { $0.delta == delta }
            let mean = { (values: [Double]) in values.reduce(0, +) / Double(values.count) }
            let (c, cd) = (mean(row.map(\.errorC)), mean(row.map(\.errorCD)))
            let paperC = mean(row.map { paper(PaperTables.table2, c: $0.c, delta: delta, signChanging: false) })
            let paperCD = mean(row.map { paper(PaperTables.table2, c: $0.c, delta: delta, signChanging: true) })
            lines.append(
                "| \(delta) | \(percent(c)) / \(percent(paperC)) | \(percent(cd)) / \(percent(paperCD)) | \(fixed2(cd / c)) / \(fixed2(paperCD / paperC)) | "
                    + "\(percent(mean(row.map(\.errorConsistent)))), \(percent(mean(row.map(\.errorConsistentFine)))) |")
        }
        lines += ["", "Per cell (ours / paper):", "", "| c | " + PaperTables.biharmonicDelta.map { "δ = \($0): C | C + D" }.joined(separator: " | ") + " |",
                  "|---|" + String(repeating: "---|---|", count: PaperTables.biharmonicDelta.count)]
        for c in PaperTables.biharmonicC {
            var row = "| \(c) |"
            for delta in PaperTables.biharmonicDelta {
                let cell = cells.first { $0.c == c && $0.delta == delta }!
                row += " \(percent(cell.errorC)) / \(percent(paper(PaperTables.table2, c: c, delta: delta, signChanging: false))) |"
                row += " \(percent(cell.errorCD)) / \(percent(paper(PaperTables.table2, c: c, delta: delta, signChanging: true))) |"
            }
            lines.append(row)
        }
        let robust = cells.filter { $0.errorConsistentFine <= 2 * $0.errorConsistent && $0.lambdaConsistentRefined > 0 }.count
        lines += ["", "With `--consistency second-moment`, \(robust) of \(cells.count) C + D models stay coercive at h/2, h/5, h/10 with the error at h/10 at most twice the training grid's."]
        lines += refinementSummary(cells)
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: Table 3

    struct FractionalCell {
        let delta: Double, order: Int
        /// The default model (Galerkin rule): its error at h and α.
        let error: Double, exponent: Double
        /// The truncated kernel C_{1,s}/r^{1+2s} on r ≤ δ (the same for every M).
        let truncated: Double
        /// The model assembled at h/10: its error, and the smallest λ_min at h/2, h/5 and h/10.
        let errorFine: Double, lambdaRefined: Double
        /// The same fit under the paper's one-point rule: error at h, α, error at h/10 (NaN with quick).
        let onePointError: Double, onePointExponent: Double, onePointErrorFine: Double
    }

    private func fractionalCells(progress: @escaping @Sendable (String) -> Void) throws -> [FractionalCell] {
        var problem = FractionalProblem()
        problem.samples = quick ? 600 : 2_500
        progress("table 3: generating \(problem.samples) fractional samples (forcings \(problem.forcing.rawValue))")
        let data = try problem.generate()
        let grid = try data.grid.makeGrid()
        let exact = grid.interiorCoordinates.map { FractionalPoissonSolver.constantForcingSolution(order: problem.order, dimension: 1, at: $0) }
        func error(_ kernel: some RadialKernel, on grid: Grid, exact: [Double]) throws -> Double {
            let ones = [Double](repeating: 1, count: grid.interiorCount)
            let u = try CholeskyFactorization(factorizing: NonlocalOperator(kernel: kernel, grid: grid).assemble()).solve(ones)
            return u.subtracting(exact).euclideanNorm / exact.euclideanNorm
        }
        func error(_ kernel: some RadialKernel) throws -> Double { try error(kernel, on: grid, exact: exact) }
        // The refinement check (not with quick, where it would take most of the time): every model assembled at h/2, h/5,
        // h/10 (its λ_min from the eigensolver), and its error at h/10.
        let refined = quick ? [] : try [2, 5, 10].map { try data.grid.refined(by: $0).makeGrid() }
        let fineExact = refined.last?.interiorCoordinates.map { FractionalPoissonSolver.constantForcingSolution(order: problem.order, dimension: 1, at: $0) }
        var cells: [FractionalCell] = []
        for delta in PaperTables.fractionalDelta {
            let truncated = try error(try TruncatedFractionalKernel(order: problem.order, horizon: delta, dimension: 1))
            for order in PaperTables.fractionalOrders {
                progress("table 3: δ = \(delta), M = \(order)")
                func fit(_ quadrature: LatticeQuadrature) throws -> (KernelModel, any RadialKernel) {
                    var configuration = KernelRegression.Configuration(horizon: delta, order: order)
                    configuration.learnFractional(quadrature)
                    let model = try KernelRegression(dataset: data, configuration: configuration).run()
                    return (model, try model.makeKernel())
                }
                func fineError(_ kernel: some RadialKernel) throws -> Double {
                    try refined.last.map { try error(kernel, on: $0, exact: fineExact!) } ?? .nan
                }
                let (model, kernel) = try fit(.galerkin)
                let (onePoint, onePointKernel) = try fit(.onePoint)
                cells.append(FractionalCell(
                    delta: delta, order: order, error: try error(kernel), exponent: model.exponent ?? .nan, truncated: truncated,
                    errorFine: try fineError(kernel),
                    lambdaRefined: try refined.map { try NonlocalOperator(kernel: kernel, grid: $0).smallestEigenvalue() }.min() ?? .nan,
                    onePointError: try error(onePointKernel), onePointExponent: onePoint.exponent ?? .nan,
                    onePointErrorFine: try fineError(onePointKernel)))
            }
        }
        return cells
    }

    static func table3CSV(_ cells: [FractionalCell]) -> String {
        var lines = [
            "delta,M,paper,ours,alpha,paper_truncated,ours_truncated,ours_h10,lambda_min_refined,ours_one_point,alpha_one_point,ours_one_point_h10"
        ]
        for cell in cells {
            let row = PaperTables.fractionalDelta.firstIndex(of: cell.delta)!, column = PaperTables.fractionalOrders.firstIndex(of: cell.order)!
            lines.append(
                "\(cell.delta),\(cell.order),\(PaperTables.table3[row][column]),\(cell.error),\(cell.exponent),\(PaperTables.table3[row][4]),"
                    + "\(cell.truncated),\(cell.errorFine),\(cell.lambdaRefined),\(cell.onePointError),\(cell.onePointExponent),"
                    + "\(cell.onePointErrorFine)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func table3Markdown(_ cells: [FractionalCell], quick: Bool) -> String {
        let orders = PaperTables.fractionalOrders
        var lines = [
            "# Table 3: relative error of the f = 1 solution, s = ¾ (ours / paper)", "",
            "Fractional data (§8), forcings cos kx (the generator's default), \(quick ? "600" : "2,500") samples (80 % training), h = 0.01, "
                + "α learned in [0, 1 + 2s] = [0, 2.5] (the default: r^{−(1+2s)} is the data's own singularity); the kernel is put on "
                + "the grid by mass-lumped P1 Galerkin (`learn --quadrature galerkin`, the default in 1-D): its weights are the hat "
                + "functions' stiffness under K, so a model means the same operator on every grid, and the f = 1 solution's "
                + "singularity at ±1 costs only first order in h (0.09 % at h = 0.01 for the exact kernel).", "",
            "| δ | " + orders.map { "M = \($0)" }.joined(separator: " | ") + " | best over M | truncated kernel |",
            "|---|" + String(repeating: "---|", count: orders.count + 2),
        ]
        for (row, delta) in PaperTables.fractionalDelta.enumerated() {
            let ours = cells.filter { $0.delta == delta }
            let printed = PaperTables.table3[row]
            let best = ours.map(\.error).min()!, paperBest = printed.prefix(4).min()!
            let truncated = ours[0].truncated
            lines.append(
                "| \(delta) | " + ours.enumerated().map { "\(percent($0.element.error)) / \(percent(printed[$0.offset]))" }.joined(separator: " | ")
                    + " | \(percent(best)) / \(percent(paperBest)) (\(fixed2(best / paperBest))×) | \(percent(truncated)) / \(percent(printed[4])) (\(signedPercent(truncated / printed[4] - 1))) |")
        }
        if !quick {
            let drift = cells.map { $0.errorFine / $0.error }
            let coercive = cells.filter { $0.lambdaRefined > 0 }.count, within = drift.filter { $0 <= 2 }.count
            lines += [
                "",
                "Refined: \(coercive) of \(cells.count) models are coercive assembled at h/2, h/5 and h/10 (smallest λ_min "
                    + "\(scientific(cells.map(\.lambdaRefined).min()!))); the error at h/10 is within 2× of the error at h for \(within) of "
                    + "\(cells.count) (\(fixed2(drift.min()!))–\(fixed2(drift.max()!))×, per model in table3.csv, column `ours_h10`).",
            ]
            // The model closest to the continuum answer shows what the grid alone costs at h.
            let finest = cells.min { $0.errorFine < $1.errorFine }!
            let beyond = cells.filter { $0.errorFine > 2 * $0.error }
            if !beyond.isEmpty {
                lines[lines.count - 1] += " Beyond 2×: "
                    + beyond.map { "δ = \($0.delta), M = \($0.order) (\(percent($0.error)) → \(percent($0.errorFine)))" }.joined(separator: ", ")
                    + ". Their errors at h are below what the grid alone costs: the model closest to the continuum answer, δ = "
                    + "\(finest.delta), M = \(finest.order), has \(percent(finest.errorFine)) at h/10 but \(percent(finest.error)) at h, the f = 1 "
                    + "problem's own discretization error (its solution is singular at ±1); at h their model error and the grid's cancel."
            }
        }
        lines += [
            "",
            "The paper's fits: one-point rule, K(jh)·h (`--quadrature one-point`), α free in [0, 3]"
                + (quick ? ", error at h:" : ", error at h → at h/10 (the model assembled on the finer grid):"), "",
            "| δ | " + orders.map { "M = \($0)" }.joined(separator: " | ") + " | best over M at h |",
            "|---|" + String(repeating: "---|", count: orders.count + 1),
        ]
        for (row, delta) in PaperTables.fractionalDelta.enumerated() {
            let ours = cells.filter { $0.delta == delta }
            let best = ours.map(\.onePointError).min()!, paperBest = PaperTables.table3[row].prefix(4).min()!
            lines.append(
                "| \(delta) | "
                    + ours.map { quick ? percent($0.onePointError) : "\(percent($0.onePointError)) → \(percent($0.onePointErrorFine))" }
                        .joined(separator: " | ")
                    + " | \(percent(best)) / \(percent(paperBest)) (\(fixed2(best / paperBest))×) |")
        }
        let exponents = cells.map(\.onePointExponent)
        lines += [
            "",
            "Under the one-point rule α runs to \(fixed2(exponents.max()!)) (of the range's 3): for K ∼ r^{−α} the rule converges only like "
                + "h^{3−α}, and near α = 3, where K r² stops being integrable, not at all, so the fit leans on h = 0.01's "
                + "quadrature error and the model changes when assembled on a finer grid. Ours keeps α at most the data's own "
                + "1 + 2s: left free, the fit at δ ≤ 1/4 runs to α = 2.99, nearly a multiple of the Laplacian, an operator of higher "
                + "order than the data's.",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: Figures 1–2

    /// §5's first experiment: data from the linear kernel (5.3), a nonnegative kernel of order M = 1
    /// (Figure 1) or 2 (Figure 2) learned from them, and its prediction L_K u against the target f
    /// on three test samples (a separate data set, another seed). Returns the CSV and the Markdown.
    private func predictionFigure(_ name: String, order: Int, progress: @escaping @Sendable (String) -> Void) throws -> (String, String) {
        var problem = ManufacturedProblem()
        (problem.kernel, problem.samples) = (.linear, quick ? 2_000 : 50_000)
        progress("figure \(order): kernel (5.3), \(problem.samples) samples, M = \(order)")
        let data = try problem.generate()
        var configuration = KernelRegression.Configuration(horizon: problem.horizon, order: order)
        configuration.validationFraction = 0
        let model = try KernelRegression(dataset: data, configuration: configuration).run()
        (problem.samples, problem.seed) = (3, 2)
        let test = try problem.generate()
        let grid = try test.grid.makeGrid()
        let prediction = NonlocalOperator(kernel: try model.makeKernel(), grid: grid).apply(test.u)
        var lines = ["sample,x,u,f,prediction"]
        let x = grid.interiorCoordinates.map(\.x)
        for sample in 0..<3 {
            for i in x.indices {
                lines.append("\(sample),\(x[i]),\(test.u[i, sample]),\(test.f[i, sample]),\(prediction[i, sample])")
            }
        }
        let exact: [Double] = order == 1 ? [0, 4] : [0, 2, 4]
        let coefficientError = zip(model.nonnegativeCoefficients, exact).map { abs($0 - $1) }.max()! / 4
        var worst = 0.0
        for sample in 0..<3 {
            let f = (0..<x.count).map { test.f[$0, sample] }, p = (0..<x.count).map { prediction[$0, sample] }
            worst = max(worst, p.subtracting(f).euclideanNorm / f.euclideanNorm)
        }
        let markdown = [
            "# Figure \(order): prediction L_K u against the target f, kernel (5.3), nonnegative kernel of order M = \(order)", "",
            "![](\(name).png)", "",
            "The paper: a good fit with a nonnegative \(order == 1 ? "linear" : "quadratic") basis. Ours: the learned coefficients are "
                + "(\(model.nonnegativeCoefficients.map { String(format: "%.10g", $0) }.joined(separator: ", "))), the kernel (5.3) itself "
                + "(exactly \(exact.map { String(Int($0)) }.joined(separator: ", ")), largest error \(Self.scientific(coefficientError)) of the "
                + "largest); on the three test samples ‖L_K u − f‖/‖f‖ ≤ \(Self.scientific(worst)).",
        ].joined(separator: "\n") + "\n"
        return (lines.joined(separator: "\n") + "\n", markdown)
    }

    // MARK: Figures 3–5 and 10

    /// The learned kernels figures 4 and 5 draw.
    static let kernelOrders = [5, 10, 20]

    /// How a model of §5 was learned.
    enum SweepMethod: String {
        /// Algorithm 1 with the exact solvers and the default constraint, M = 2…20.
        case exact
        /// The paper's own method: Adam (paper mode) under its printed constraint (4.4), M = 2…20.
        case paper = "paper-mode"
        /// `learn --joint --curvature 1e-5`, at ``kernelOrders``.
        case joint = "joint-curvature"
    }

    /// One model of §5's experiment on the data of kernel (5.4).
    struct SweepPoint {
        let content: ManufacturedProblem.Content
        let method: SweepMethod
        let model: KernelModel
    }

    /// The curvature weight of the regularized recovery (λ_rel; the recovery holds from 1e-6 to 1e-4), and as the flag's text.
    static let recoveryCurvature = 1e-5
    static var recoveryCurvatureText: String { "1e\(Int(log10(recoveryCurvature).rounded()))" }

    /// §5's experiment: data from kernel (5.4), low- and high-frequency, C + D learned for M = 2…20
    /// on one pass over each (80 % training, 20 % validation, shuffled, the same share of each family),
    /// with the exact solvers and in paper mode; and the joint program with the curvature penalty at ``kernelOrders``.
    private func manufacturedSweeps(progress: @escaping @Sendable (String) -> Void) throws -> [SweepPoint] {
        var points: [SweepPoint] = []
        for content in [ManufacturedProblem.Content.low, .high] {
            var problem = ManufacturedProblem()
            (problem.kernel, problem.content, problem.samples) = (.cosine, content, quick ? 4_000 : 50_000)
            progress("figures 3–5: \(content)-frequency data of kernel (5.4), \(problem.samples) samples, M = 2…20")
            let data = try problem.generate()
            var configuration = KernelRegression.Configuration(horizon: problem.horizon, order: 2)
            configuration.signChanging = true
            let models = try KernelRegression(dataset: data, configuration: configuration).sweep(orders: Array(2...20))
            points += models.map { SweepPoint(content: content, method: .exact, model: $0) }
            progress("figure 3: \(content)-frequency data in paper mode (Adam, the printed constraint), M = 2…20")
            var paper = configuration
            (paper.solver, paper.constraint) = (.adam, .asPrinted)
            points += try KernelRegression(dataset: data, configuration: paper).sweep(orders: Array(2...20))
                .map { SweepPoint(content: content, method: .paper, model: $0) }
            var joint = configuration
            (joint.joint, joint.curvature) = (true, Self.recoveryCurvature)
            for order in Self.kernelOrders {
                joint.order = order
                points.append(SweepPoint(content: content, method: .joint, model: try KernelRegression(dataset: data, configuration: joint).run()))
            }
        }
        return points
    }

    static func figure3CSV(_ points: [SweepPoint]) -> String {
        var lines = ["content,method,order,training,validation,training_relative,validation_relative,certified"]
        for point in points where point.method != .joint {
            let losses = point.model.losses
            lines.append(
                "\(point.content),\(point.method.rawValue),\(point.model.order!),\(losses["training"]!),\(losses["validation"]!),"
                    + "\(losses["training_relative"] ?? .nan),\(losses["validation_relative"] ?? .nan),"
                    + "\(point.model.certificate.map { $0.coercive && $0.lowerBound > 0 } ?? false)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// g = median ℓ(16…20) / median ℓ(9…13) of the relative validation loss: how much the second half of the
    /// orders still gains. The paper's "no benefit past M = 11" is g ≥ 0.8 (flat); "both losses improve through
    /// order 20" is g ≤ 0.5 (falling).
    static func lateGain(_ points: [SweepPoint], _ content: ManufacturedProblem.Content, _ method: SweepMethod) -> Double {
        func median(_ orders: ClosedRange<Int>) -> Double {
            let values = points.filter { $0.content == content && $0.method == method && orders.contains($0.model.order!) }
                .map { $0.model.losses["validation_relative"] ?? $0.model.losses["validation"]! }.sorted()
            return values.isEmpty ? .nan : values[values.count / 2]
        }
        return median(16...20) / median(9...13)
    }

    static func verdict(_ g: Double) -> String { g >= 0.8 ? "flat" : (g <= 0.5 ? "falling" : "slowly falling") }

    static func figure3Markdown(_ points: [SweepPoint], quick: Bool) -> String {
        let gains = { (method: SweepMethod) in
            [ManufacturedProblem.Content.low, .high].map { content in
                let g = lateGain(points, content, method)
                return "\(content) g = \(fixed2(g)) (\(verdict(g)))"
            }.joined(separator: ", ")
        }
        let uncertified = points.filter { $0.method == .paper && !($0.model.certificate.map { $0.coercive && $0.lowerBound > 0 } ?? false) }.count
        return [
            "# Figure 3: training and validation loss against the order M, kernel (5.4)", "",
            "\(quick ? "4,000" : "50,000") samples each, C + D, 20 % held out (shuffled, the same share of each family). ![](figure3.png)", "",
            "The paper: no benefit past M = 11 for low-frequency data; for high-frequency data both losses improve through M = 20. "
                + "We measure it by g, the median validation loss at M = 16…20 over that at M = 9…13 (flat: g ≥ 0.8; falling: g ≤ 0.5). "
                + "The paper's method (paper mode: Adam under the printed constraint (4.4)) reproduces it: \(gains(.paper)). "
                + "The exact solvers under the default constraint do not: \(gains(.exact)); at the exact optimum every added "
                + "basis function helps a little on both, and the shape of the paper's curves is where its optimizer stops. "
                + "\(uncertified) of the \(points.filter { $0.method == .paper }.count) paper-mode models have no positive coercivity bound "
                + "(the printed constraint does not give one).",
        ].joined(separator: "\n") + "\n"
    }

    /// δ³K on 201 points of r/δ ∈ [0, 1]: the manufactured kernel (5.4), and each model's nonnegative part and whole.
    /// REPRODUCTION.md's paragraph on Table 2's C + D column: where it is below the paper's and where above, and why.
    /// Table 2's refinement-consistent column, per δ: its mean beside the C-only and the paper's C + D means, and the checks.
    static func refinementSummary(_ cells: [BiharmonicCell]) -> [String] {
        let mean = { (values: [Double]) in values.reduce(0, +) / Double(values.count) }
        var lines = [
            "", "C + D from one program instead of two stages, refinement-consistent (`learn --joint --consistency refinement "
                + "--consistency-modes \(refinementModes.lowerBound)...\(refinementModes.upperBound) --curvature \(refinementCurvature)`): coercive on h, "
                + "h/2, h/5 and h/10 by the exact periodic symbols, its second moment and its symbol at k = \(refinementModes.lowerBound)…"
                + "\(refinementModes.upperBound) the same on h as on h/20 and h/40 (the test's k = 1 is left free).", "",
            "| δ | C, mean | C + D, mean | C + D / C | paper's C + D mean | C + D at h/10, mean | coercive h…h/10 | h/10 within 2× | max\\|K\\| / max K_C | min K / max K |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for delta in PaperTables.biharmonicDelta {
            let row = cells.filter { $0.delta == delta }
            let (c, cd) = (mean(row.map(\.errorC)), mean(row.map(\.errorRefinement)))
            let paperCD = mean(row.map { paper(PaperTables.table2, c: $0.c, delta: delta, signChanging: true) })
            let coercive = row.filter { $0.lambdaRefinement > 0 }.count
            let within = row.filter { $0.errorRefinementFine <= 2 * $0.errorRefinement }.count
            lines.append(
                "| \(delta) | \(percent(c)) | \(percent(cd)) | \(fixed2(cd / c)) | \(percent(paperCD)) | \(percent(mean(row.map(\.errorRefinementFine)))) | "
                    + "\(coercive) of \(row.count) | \(within) of \(row.count) | \(fixed2(row.map(\.refinementSize).max()!)) | "
                    + "\(fixed2(row.map(\.refinementNegativity).min()!)) |")
        }
        return lines
    }

    static func table2Paragraph(_ cells: [BiharmonicCell]) -> String {
        guard !cells.isEmpty else { return "" }
        let mean = { (values: [Double]) in values.reduce(0, +) / Double(values.count) }
        let byDelta = PaperTables.biharmonicDelta.map { delta -> String in
            let row = cells.filter { $0.delta == delta }
            let paperCD = mean(row.map { paper(PaperTables.table2, c: $0.c, delta: delta, signChanging: true) })
            return "\(percent(mean(row.map(\.errorCD)))) / \(percent(paperCD)) at δ = \(delta)"
        }
        let below = cells.filter { $0.errorCD <= paper(PaperTables.table2, c: $0.c, delta: $0.delta, signChanging: true) }.count
        let refinement = PaperTables.biharmonicDelta.map { delta -> String in
            let row = cells.filter { $0.delta == delta }
            return "\(fixed2(mean(row.map(\.errorRefinement)) / mean(row.map(\.errorC))))"
        }
        let negativity = cells.map(\.refinementNegativity).min()!, size = cells.map(\.refinementSize).max()!
        return "- **Table 2's C + D column** is below the paper's in \(below) of \(cells.count) cells, mostly at small c, and above it "
            + "at large c, so its means over c (ours / paper: \(byDelta.joined(separator: ", "))) stay above the paper's at "
            + "δ ≥ 0.25. The stage-2 budget is the reason: every bound that certifies coercivity by λ_min(A_{C+D}) ≥ "
            + "λ_min(A_{C*}) − 2N(D) lets D only as far as ½λ_min(A_{C*}), and at δ = 0.125 even the loosest (the L1 form on "
            + "the training stencil, not grid-robust) reaches only 0.68 of the C-only mean, measured with an independent "
            + "implementation. On a periodic grid the bound is not needed: λ_min is the smallest symbol, linear in C + D, so "
            + "one program can fit C + D of any sign with the symbols kept positive on h, h/2, h/5 and h/10. Alone that fits "
            + "the training grid and drifts on finer ones; with the second moment tied to its integral and the symbol at "
            + "k = \(refinementModes.lowerBound)…\(refinementModes.upperBound) tied to its value on h/20 and h/40 (the "
            + "refinement-consistent program, the last table) its C + D / C ratios are \(refinement.joined(separator: ", ")) "
            + "and its error at h/10 stays within 2× in every cell. Its kernels are up to \(fixed2(size))× the nonnegative fit's "
            + "peak, with negative parts down to \(fixed2(negativity)) of their maximum: a deeper tail than the paper's Figure 10 shows."
    }

    /// REPRODUCTION.md's paragraph on Figures 4–5.
    static func figures45(_ sweeps: [SweepPoint]) -> String {
        let twoStages = "\(recovery(sweeps, .low)) (low) and \(recovery(sweeps, .high)) (high)"
        let joint = "\(recovery(sweeps, .low, .joint)) (low) and \(recovery(sweeps, .high, .joint)) (high)"
        return "- **Figures 4–5.** The data fix the kernel's action, not its shape, and Algorithm 1's two stages cannot repair "
            + "a bad first stage: stage 1 picks a narrow nonnegative bump (NNLS returns a sparse vertex), and stage 2's budget "
            + "½·1/κ(C*) is then far too small to reach (5.4), whose own nonnegative part would allow it. The largest error "
            + "for r ≥ δ/4 goes \(twoStages) from M = 5 to 10 to 20. The paper's problem (3.13) is convex (λ_min(A_C) is "
            + "concave in C), and `learn --joint` solves it as one program with the same certificate on the training grid; with the curvature "
            + "penalty (`--curvature \(recoveryCurvatureText)`, for data that leave the shape free) the error goes \(joint): "
            + "recovery improves with M, as the paper's figures suggest. Validation cannot choose the weight (it always "
            + "prefers less smoothing), so it is a fixed fraction of the loss's scale."
    }

    /// δ³K on 201 points of r/δ ∈ [0, 1]: the manufactured kernel (5.4), each two-stage model's nonnegative part and
    /// whole (C_M…, CD_M…), and each joint-program model's whole kernel (JC_M…).
    static func kernelCSV(_ models: [KernelModel], joint: [KernelModel]) -> String {
        let (orders, jointOrders) = (models.map { $0.order! }, joint.map { $0.order! })
        var lines = [
            (["r_over_delta", "manufactured"] + orders.map { "C_M\($0)" } + orders.map { "CD_M\($0)" } + jointOrders.map { "JC_M\($0)" })
                .joined(separator: ",")
        ]
        let delta = models[0].horizon, scale = pow(delta, 3)
        let manufactured = ManufacturedKernel.cosine(horizon: delta, dimension: 1)
        let whole = { (model: KernelModel) in
            BernsteinKernel(coefficients: model.nonnegativeCoefficients, signChanging: model.signChangingCoefficients, horizon: delta, dimension: 1)
        }
        let (parts, joints) = (models.map(whole), joint.map(whole))
        for i in 0...200 {
            let r = delta * Double(i) / 200
            var row = [Double(i) / 200, scale * manufactured(r)]
            row += parts.map { scale * $0.nonnegativePart(r) } + parts.map { scale * $0(r) } + joints.map { scale * $0(r) }
            lines.append(row.map { "\($0)" }.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The largest |K − K_man| for r ≥ δ/4, relative to max |K_man| (the paper compares by eye; this is our number).
    static func recoveryError(_ model: KernelModel) -> Double {
        let delta = model.horizon
        let manufactured = ManufacturedKernel.cosine(horizon: delta, dimension: 1)
        let learned = BernsteinKernel(coefficients: model.nonnegativeCoefficients, signChanging: model.signChangingCoefficients, horizon: delta, dimension: 1)
        let radii = (50...200).map { delta * Double($0) / 200 }
        let size = (0...200).map { abs(manufactured(delta * Double($0) / 200)) }.max()!
        return radii.map { abs(learned($0) - manufactured($0)) }.max()! / size
    }

    /// The recovery errors of one method's models at ``kernelOrders``, as "a → b → c".
    static func recovery(_ points: [SweepPoint], _ content: ManufacturedProblem.Content, _ method: SweepMethod = .exact) -> String {
        kernelOrders.compactMap { order in points.first { $0.content == content && $0.method == method && $0.model.order == order } }
            .map { fixed3(recoveryError($0.model)) }.joined(separator: " → ")
    }

    static func kernelMarkdown(_ name: String, _ models: [KernelModel], joint: [KernelModel], content: ManufacturedProblem.Content) -> String {
        let errors = { (models: [KernelModel]) in models.map { "M = \($0.order!): \(fixed3(recoveryError($0)))" }.joined(separator: ", ") }
        return [
            "# Figure \(name.dropFirst(6)): the learned kernel against the manufactured one (5.4), \(content)-frequency data", "",
            "Left the nonnegative part and middle the whole kernel of Algorithm 1 (two stages), right the whole kernel of the joint "
                + "program with the curvature penalty (`learn --joint --curvature \(recoveryCurvatureText)`), for M = "
                + "\(kernelOrders.map(String.init).joined(separator: ", ")). ![](\(name).png)", "",
            "Largest error for r ≥ δ/4, relative to max |K_man|: two stages \(errors(models)); joint program with curvature \(errors(joint)).",
        ].joined(separator: "\n") + "\n"
    }

    static func figure10CSV(_ plain: KernelModel, _ signChanging: KernelModel) -> String {
        let delta = plain.horizon, scale = pow(delta, 3)
        let c = try! plain.makeKernel(), cd = try! signChanging.makeKernel()
        return (["r_over_delta,C,CD"] + (0...200).map { i in
            let r = delta * Double(i) / 200
            return "\(Double(i) / 200),\(scale * c(r)),\(scale * cd(r))"
        }).joined(separator: "\n") + "\n"
    }

    static func figure10Markdown(_ plain: KernelModel, _ signChanging: KernelModel) -> String {
        let cd = try! signChanging.makeKernel()
        let values = (0...200).map { cd(signChanging.horizon * Double($0) / 200) }
        let negative = values.filter { $0 < 0 }.count
        return [
            "# Figure 10: C only against C + D, biharmonic c = 0.003, δ = 0.5", "",
            "![](figure10.png)", "",
            "The paper: the two kernels are similar except for a small negative tail near |y − x| = δ. Ours: C + D is negative on "
                + "\(negative) of 201 points of [0, δ], its minimum \(scientific(values.min()! / values.max()!)) of its maximum; "
                + "training loss \(scientific(plain.losses["training"]!)) (C) and \(scientific(signChanging.losses["training"]!)) (C + D).",
        ].joined(separator: "\n") + "\n"
    }

    // MARK: Numbers in text

    static func scientific(_ x: Double) -> String { String(format: "%.2e", x) }
    static func percent(_ x: Double) -> String { String(format: x < 0.001 ? "%.3f %%" : "%.2f %%", 100 * x) }
    static func fixed2(_ x: Double) -> String { String(format: "%.2f", x) }
    static func fixed3(_ x: Double) -> String { String(format: "%.3f", x) }
    static func signedPercent(_ x: Double) -> String { String(format: "%+.0f %%", 100 * x) }
}
