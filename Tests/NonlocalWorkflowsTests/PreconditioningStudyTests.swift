// Tests of the preconditioning study: every s runs end to end, learned preconditioners beat truncation, PCG agrees with the dense solve, and bad requests are refused before work.
import Foundation
import NonlocalFiles
import NonlocalReferences
import NonlocalWorkflows
import Testing

@Suite struct PreconditioningStudyTests {
    static func check(_ outcome: PreconditioningStudy.Outcome, label: String) throws {
        for row in outcome.rows {
            #expect(row.relativeResidual <= 1e-9, "\(label) \(row.preconditioner.rawValue): residual \(row.relativeResidual)")
        }
        for dense in outcome.dense {
            // Every PCG solve answers the same system as the dense Cholesky solve.
            for row in outcome.rows where row.level == dense.level {
                #expect(abs(row.error - dense.error) <= 1e-7, "\(label) \(row.preconditioner.rawValue): error \(row.error) vs \(dense.error)")
            }
        }
        for level in Set(outcome.rows.map(\.level)) {
            func iterations(_ kind: PreconditioningStudy.PreconditionerKind) throws -> Int {
                try #require(outcome.rows.first { $0.level == level && $0.preconditioner == kind }).iterations
            }
            #expect(try iterations(.learned) <= iterations(.truncated), "\(label), level \(level)")
            #expect(try iterations(.learned) < iterations(.none), "\(label), level \(level)")
        }
    }

    /// s = ¼, ½, ¾ on (−1, 1) at h = 2⁻⁶, δ = 1/8, learned at the same level: every preconditioner
    /// reaches the residual, and the learned one needs no more iterations than truncation.
    @Test(arguments: [0.25, 0.5, 0.75])
    func everyOrderRunsEndToEnd(order: Double) throws {
        var study = PreconditioningStudy(levels: [6], horizons: [0.125])
        study.order = order
        study.trainingLevel = 6
        try Self.check(try study.run(), label: "s = \(order)")
    }

    @Test func theDiskRunsEndToEnd() throws {
        var study = PreconditioningStudy(levels: [4], horizons: [0.25])
        study.dimension = 2
        study.trainingLevel = 4
        try Self.check(try study.run(), label: "disk")
    }

    /// Horizons of c cells on the disk, A applied by FFT: δ = 2h at each level, a kernel learned once
    /// at h = 2⁻⁴ and rescaled; every row reaches the residual, learned needs no more iterations than
    /// truncation, and PCG answers the dense Cholesky solve. The rescaled kernel's one-point weights
    /// K(|ξ|)h² at the lattice offsets ξ = h·(i, j) are the training kernel's times (h_t/h)^{2s}, the
    /// homogeneity of (−Δ)^s (α = d + 2s), and its reaction term is the learned one.
    @Test func horizonsInCellsKeepTheStencilOnTheDisk() throws {
        var study = PreconditioningStudy(levels: [4, 5], horizons: [2])
        study.horizonUnit = .cells
        study.dimension = 2
        study.trainingLevel = 4
        study.preconditioners = [.none, .truncated, .learned]
        let outcome = try study.run()
        try Self.check(outcome, label: "disk, δ = 2h")
        #expect(outcome.dense.count == 2)
        for row in outcome.rows where row.horizon != nil { #expect(row.horizon == 2 * row.spacing) }
        let learned = try #require(outcome.models[2])
        #expect(learned.horizon == 2.0 / 16 && learned.exponent == 2 + 2 * study.order)
        let scaled = study.rescaled(learned, to: 6)
        #expect(scaled.horizon == 2.0 / 64 && scaled.reaction == learned.reaction)
        let coarse = try learned.makeKernel(), fine = try scaled.makeKernel()
        for (i, j) in [(1, 0), (1, 1), (2, 0)] {
            let r = Double(i * i + j * j).squareRoot()
            let expected = coarse(r / 16) / 256 * pow(4, 2 * study.order)
            #expect(abs(fine(r / 64) / 4096 - expected) <= 1e-13 * abs(expected), "offset (\(i), \(j))")
        }
    }

    /// The exported row: a dense system with its right-hand side, the learned and truncated
    /// preconditioners, and the iterations measured, which petsc4py reproduces (exporters/run.sh).
    @Test func exportWritesTheRowsSystem() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("study-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var study = PreconditioningStudy(levels: [6], horizons: [0.125])
        study.trainingLevel = 6
        study.denseCholesky = false
        study.export = (6, 0.125, folder.path)
        let outcome = try study.run()
        #expect(
            outcome.exported.map { URL(fileURLWithPath: $0).lastPathComponent }
                == ["system.petsc", "system.petsc.info", "learned.petsc", "learned.petsc.info", "truncated.petsc", "truncated.petsc.info", "row.json"])
        // PETSc's MATLAB-format names: A and rhs in the system, P in each preconditioner.
        let names = try String(contentsOfFile: folder.appendingPathComponent("system.petsc.info").path, encoding: .utf8)
        #expect(names.contains("Set.A = PetscBinaryRead(fd);") && names.contains("Set.rhs = PetscBinaryRead(fd);"))
        let learned = try String(contentsOfFile: folder.appendingPathComponent("learned.petsc.info").path, encoding: .utf8)
        #expect(learned.contains("Set.P = PetscBinaryRead(fd);"))
    }

    @Test func badRequestsAreRefusedBeforeWork() {
        var order = PreconditioningStudy(levels: [6], horizons: [0.125])
        order.order = 1.5
        #expect(throws: WorkflowError.self) { try order.validate() }
        var coarse = PreconditioningStudy(levels: [6], horizons: [0.01])
        coarse.trainingLevel = 6
        #expect(throws: WorkflowError.self) { try coarse.validate() }
        // h = 2⁻¹⁷ on the disk: about 4·10¹⁰ unknowns, refused with the bytes it would need.
        var huge = PreconditioningStudy(levels: [17], horizons: [0.2])
        huge.dimension = 2
        #expect(throws: ReferenceError.self) { try huge.validate() }
        // Horizons in cells: below one cell, or above 1 at the coarsest level; with a model file (which serves one δ).
        var tooFew = PreconditioningStudy(levels: [6], horizons: [0.5])
        tooFew.horizonUnit = .cells
        #expect(throws: WorkflowError.self) { try tooFew.validate() }
        var tooWide = PreconditioningStudy(levels: [3, 6], horizons: [9])
        tooWide.horizonUnit = .cells
        #expect(throws: WorkflowError.self) { try tooWide.validate() }
        var withModel = PreconditioningStudy(levels: [6], horizons: [2])
        withModel.horizonUnit = .cells
        withModel.modelPaths = ["model.json"]
        #expect(throws: WorkflowError.self) { try withModel.validate() }
        // h = 2⁻²⁰ in 1D with δ = 1: A is applied by FFT, but the band factor (2²¹ × 2²⁰ doubles) cannot fit.
        #expect(throws: MemoryShortfall.self) { try PreconditioningStudy(levels: [20], horizons: [1]).validate() }
    }

    /// h = 2⁻¹⁶ in 1D (a dense A of 137 GB) is accepted: A is applied by FFT and the δ = 1/64 band
    /// factor takes 1.1 GB; exporting that level's dense system is refused before any work.
    @Test func aFineIntervalNeedsNoDenseMatrix() throws {
        var study = PreconditioningStudy(levels: [16], horizons: [1.0 / 64])
        study.trainingLevel = 10
        try study.validate()
        study.export = (16, 1.0 / 64, FileManager.default.temporaryDirectory.path)
        #expect(throws: ReferenceError.self) { try study.validate() }
    }
}
