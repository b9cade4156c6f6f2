// Tests of FractionalReference: P1 convergence in 1D, positive definiteness, the continuous error, and every refusal with its own error.
import Foundation
import NonlocalAssembly
import NonlocalGenerators
import NonlocalLinearAlgebra
import NonlocalReferences
import NonlocalTestSupport
import Testing

@Suite struct FractionalReferenceTests {
    @Test(arguments: [(0.25, 0.70, 0.80), (0.5, 0.85, 1.05)])
    func accurateIntervalConvergesAtTheRegularityOrder(s: Double, low: Double, high: Double) throws {
        // The f = 1 solution (1 − x²)^s lies in H^{s+½−ε}, so P1's L2 error is O(h^{min(1, s+½)}) (up to a log at
        // s = ½; Acosta and Borthagaray, SIAM J. Numer. Anal. 55 (2017)). Measured at h = 2⁻⁶ → 2⁻⁷ → 2⁻⁸:
        // s = ¼: 7.17e-3, 4.27e-3, 2.54e-3 (orders 0.747, 0.748); s = ½: 3.11e-3, 1.69e-3, 9.06e-4 (0.882, 0.900).
        let errors = try (6...8).map { try constantForcingError(try reference(.accurate, order: s, dimension: 1, exponent: $0)) }
        for (coarse, fine) in zip(errors, errors.dropFirst()) {
            let order = log2(coarse / fine)
            #expect(order >= low && order <= high, "s = \(s): order \(order) from \(errors)")
        }
    }

    @Test func theAccurateToeplitzColumnIsTheScaledStiffness() throws {
        // A = K/h with K_ij = h^{1−2s} a_{|i−j|}: c_k = h^{−2s} a_k, and the matrix is that Toeplitz matrix.
        let reference = try reference(.accurate, order: 0.3, dimension: 1, exponent: 4)
        let column = try #require(reference.toeplitzColumn)
        let stiffness = FractionalHatStiffness(order: 0.3)
        let scale = pow(reference.spacing, -0.6)
        for k in [0, 1, 2, 3, 30] { #expect(agrees(column[k], scale * stiffness.coefficient(k), relative: 1e-15)) }
        let a = try reference.matrix()
        #expect(a[7, 3] == column[4] && a[3, 7] == column[4] && a[0, 0] == column[0])
    }

    @Test(arguments: [(FractionalReference.Kind.naive, 1), (.naive, 2), (.accurate, 1), (.accurate, 2)])
    func everyReferenceIsSymmetricPositiveDefinite(kind: FractionalReference.Kind, dimension: Int) throws {
        // Exactly symmetric as stored, and Cholesky succeeds (s = ¾ and s = 0.3; 1D h = 2⁻⁵, disk h = 2⁻³).
        for s in [0.3, 0.75] {
            let a = try reference(kind, order: s, dimension: dimension, exponent: dimension == 1 ? 5 : 3).matrix()
            #expect(a == a.transposed(), "\(kind), d = \(dimension), s = \(s): not symmetric")
            #expect(throws: Never.self) { _ = try a.factorizedPositiveDefinite() }
        }
    }

    @Test func conjugateGradientSolvesADenseReference() throws {
        // The dense matrix is a LinearOperator: CG reaches the Cholesky solution of A u = 1.
        let reference = try reference(.accurate, order: 0.75, dimension: 1, exponent: 6)
        let ones = [Double](repeating: 1, count: reference.unknownCount)
        let result = try ConjugateGradient(relativeTolerance: 1e-12).solve(try reference.matrix(), ones)
        let direct = try reference.solve(ones)
        #expect(result.solution.subtracting(direct).maximumNorm <= 1e-9 * direct.maximumNorm)
    }

    @Test(arguments: [(0.25, 1.9783217738e-02, 1.8614155128e-02), (0.75, 9.7036443836e-04, 1.7276413799e-03)])
    func theContinuousErrorMatchesAdaptiveQuadrature(s: Double, interpolation: Double, solution: Double) throws {
        // ‖u₁ − I_h v‖_{L²(−1,1)}/‖u₁‖ at h = 2⁻⁶ for v = u₁ itself (the interpolation error) and for v the accurate
        // f = 1 solution, by SciPy's adaptive QUADPACK element by element (an independent quadrature, relative
        // tolerance 2e-14). At s = ¼ the end elements, where u₁ ~ t^s, carry most of the error: an end element
        // integrated without grading is off by far more than the 1e-8 asked. Zero nodal values give exactly 1.
        let reference = try reference(.accurate, order: s, dimension: 1, exponent: 6)
        let exact = { (x: Double) in FractionalPoissonSolver.constantForcingSolution(order: s, dimension: 1, at: SIMD2(x, 0)) }
        let interpolationError = reference.continuousRelativeError(reference.constantForcingSolution(), against: exact)
        #expect(agrees(interpolationError, interpolation, relative: 1e-8), "interpolation: \(interpolationError)")
        let u = try reference.solve([Double](repeating: 1, count: reference.unknownCount))
        let solutionError = reference.continuousRelativeError(u, against: exact)
        #expect(agrees(solutionError, solution, relative: 1e-8), "solution: \(solutionError)")
        let zero = reference.continuousRelativeError([Double](repeating: 0, count: reference.unknownCount), against: exact)
        #expect(abs(zero - 1) <= 1e-14)
    }

    @Test(arguments: [2, 3, 4, 5, 7, 8, 16, 31, 64])
    func theCountOfUnknownsIsTheGrids(cells: Int) throws {
        // Counted without listing: n − 1 on the interval, #{4(i² + j²) < n²} on the disk (odd n too).
        let h = 2 / Double(cells)
        #expect(try FractionalReference.unknownCount(dimension: 1, spacing: h) == Grid.interval(from: -1, to: 1, spacing: h, horizon: h).interiorCount)
        #expect(try FractionalReference.unknownCount(dimension: 2, spacing: h) == Grid.disk(radius: 1, spacing: h, horizon: h).interiorCount)
    }

    @Test func aSizeThatCannotFitIsRefusedAtOnceNamingTheBytes() throws {
        // h = 2⁻¹⁷ on the disk: N = 53 972 148 857 (πr² = 53 972 150 818 at r = 2¹⁷, less a lattice deficit),
        // 8N² ≈ 2.33e22 bytes. Its grid alone would need 275 GB of slots, so a refusal within a second shows
        // nothing was built: the check comes before the grid.
        // First a small size against a tiny budget: were the check missing, trying 2⁻¹⁷ would crash the run, not fail it.
        guard (try? FractionalReference(kind: .naive, order: 0.75, dimension: 2, spacing: 0.25, availableBytes: 1000)) == nil else {
            Issue.record("49 unknowns fit in 1000 bytes: the memory check is missing")
            return
        }
        let clock = ContinuousClock()
        let start = clock.now
        do {
            _ = try FractionalReference(kind: .naive, order: 0.75, dimension: 2, spacing: pow(2, -17))
            Issue.record("h = 2⁻¹⁷ on the disk was accepted")
        } catch let error {
            guard case .insufficientMemory(_, let unknowns, let matrices, let available, _) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(unknowns == 53_972_148_857 && matrices == 1 && available > 0)
            #expect(error.description.contains("2.33e+22 bytes"), "\(error)")
        }
        #expect(clock.now - start < .seconds(1))
    }

    @Test func theRefusalSuggestsTheFinestSpacingThatFits() throws {
        // A budget of 10⁶ bytes holds N ≤ 350 (8N² + 256N): the disk at h = 2⁻³ (193 unknowns) fits, 2⁻⁴ (793) does not.
        // The suggested h = 2/n fits the budget and 2/(n + 1) does not.
        let budget = 1_000_000
        let grid = try Grid.disk(radius: 1, spacing: 0.0625, horizon: 0.0625)
        #expect(throws: Never.self) { _ = try FractionalReference(kind: .accurate, order: 0.5, dimension: 2, spacing: 0.125, availableBytes: budget) }
        do {
            _ = try FractionalReference(kind: .accurate, order: 0.5, grid: grid, availableBytes: budget)
            Issue.record("793 unknowns fit in \(budget) bytes")
        } catch .insufficientMemory(_, let unknowns, _, let available, let suggested) {
            #expect(unknowns == 793 && available == budget)
            let cells = Int((2 / suggested).rounded())
            #expect(throws: Never.self) {
                _ = try FractionalReference(kind: .naive, order: 0.5, dimension: 2, spacing: 2 / Double(cells), availableBytes: budget)
            }
            #expect(throws: ReferenceError.self) {
                _ = try FractionalReference(kind: .naive, order: 0.5, dimension: 2, spacing: 2 / Double(cells + 1), availableBytes: budget)
            }
        }
    }

    @Test func aSolveChecksRoomForTheFactorToo() throws {
        // The disk at h = 2⁻³ (N = 193): the matrix takes 8N² + 256N = 347 400 bytes, a solve 2·8N² + 256N = 645 392.
        // With 500 000 bytes the reference is made and its matrix built, but the solve is refused naming 2 matrices.
        let reference = try FractionalReference(kind: .naive, order: 0.5, dimension: 2, spacing: 0.125, availableBytes: 500_000)
        #expect(reference.requiredBytes == 347_400 && reference.solvingBytes == 645_392)
        #expect(throws: Never.self) { _ = try reference.matrix() }
        #expect(throws: ReferenceError.self) { _ = try reference.solve([Double](repeating: 1, count: 193)) }
        do {
            _ = try reference.solve([Double](repeating: 1, count: 193))
        } catch {
            guard case .insufficientMemory(_, 193, 2, 500_000, _) = error else { Issue.record("\(error)"); return }
        }
    }

    @Test func gridsOtherThanTheUnitBallAreRefused() throws {
        let h = 0.125
        let others: [(String, Grid)] = [
            ("interval (0, 2)", try Grid.interval(from: 0, to: 2, spacing: h, horizon: h)),
            ("interval (−2, 2)", try Grid.interval(from: -2, to: 2, spacing: h, horizon: h)),
            ("square (−1, 1)²", try Grid.square(from: -1, to: 1, spacing: h, horizon: h)),
            ("disk of radius 2", try Grid.disk(radius: 2, spacing: h, horizon: h)),
            ("periodic", Grid.periodic(dimension: 1, points: 16, length: 2)),
        ]
        for (name, grid) in others {
            do {
                _ = try FractionalReference(kind: .naive, order: 0.5, grid: grid)
                Issue.record("\(name) was accepted")
            } catch {
                guard case .notUnitBall = error else { Issue.record("\(name): \(error)"); continue }
            }
        }
        for grid in [try Grid.interval(from: -1, to: 1, spacing: h, horizon: 3 * h), try Grid.disk(radius: 1, spacing: h, horizon: h)] {
            #expect(throws: Never.self) { _ = try FractionalReference(kind: .naive, order: 0.5, grid: grid) }
        }
    }

    @Test func ordersOutsideTheOpenUnitIntervalAreRefused() throws {
        let grid = try Grid.interval(from: -1, to: 1, spacing: 0.25, horizon: 0.25)
        // Each constructor throws orderOutOfRange for s itself (NaN compared as NaN).
        func check(_ s: Double, _ make: () throws -> FractionalReference) {
            do {
                _ = try make()
                Issue.record("s = \(s) was accepted")
            } catch {
                guard case .orderOutOfRange(let value)? = error as? ReferenceError, value == s || (value.isNaN && s.isNaN) else {
                    Issue.record("s = \(s): \(error)")
                    return
                }
            }
        }
        for s in [0, 1, -0.25, 1.5, .nan, .infinity] {
            check(s) { try FractionalReference(kind: .accurate, order: s, grid: grid) }
            check(s) { try FractionalReference(kind: .naive, order: s, dimension: 2, spacing: 0.5) }
        }
    }

    @Test func spacingsAndDimensionsThatMakeNoLatticeAreRefused() {
        #expect(throws: ReferenceError.spacingDoesNotDivide(0.3)) { _ = try FractionalReference.unknownCount(dimension: 1, spacing: 0.3) }
        #expect(throws: ReferenceError.spacingDoesNotDivide(1.5)) { _ = try FractionalReference.unknownCount(dimension: 2, spacing: 1.5) }
        #expect(throws: ReferenceError.unsupportedDimension(3)) { _ = try FractionalReference.unknownCount(dimension: 3, spacing: 0.5) }
    }

    @Test func kindsParseFromTheirNamesOnly() throws {
        #expect(try FractionalReference.Kind(parsing: "naive") == .naive)
        #expect(try FractionalReference.Kind(parsing: "accurate") == .accurate)
        #expect(throws: ReferenceError.unknownKind("Naive")) { _ = try FractionalReference.Kind(parsing: "Naive") }
        #expect(ReferenceError.unknownKind("exact").description == "reference kind 'exact' is unknown; use naive or accurate")
    }
}

/// The 1-D references applied by FFT: the dense product, and sizes whose dense matrix does not fit.
@Suite struct FractionalReferenceFastApplyTests {
    /// Both kinds, two orders, odd and power-of-two-minus-one sizes: ‖A_fft x − A x‖ ≤ 1e-12 ‖A x‖ for
    /// seeded random x (the dense product by BLAS is the reference), and for x = 1, where A x is
    /// small against |A||x| (the row sums nearly cancel), to 1e-12 of ‖|A| 1‖.
    @Test(arguments: [FractionalReference.Kind.naive, .accurate])
    func theFastApplyIsTheDenseProduct(kind: FractionalReference.Kind) throws {
        for (s, h) in [(0.3, 1.0 / 64), (0.75, 2.0 / 301), (0.75, 1.0 / 512)] {
            try Self.expectFastApplyIsTheDenseProduct(try FractionalReference(kind: kind, order: s, dimension: 1, spacing: h), seed: 3)
        }
    }

    /// ‖A_fft x − A x‖ ≤ 1e-12 ‖A x‖ for a seeded random x, and ‖A_fft 1 − A 1‖_∞ ≤ 1e-12 of the mean |A| row sum.
    static func expectFastApplyIsTheDenseProduct(_ reference: FractionalReference, seed: UInt64) throws {
        let label = "\(reference.kind), d = \(reference.dimension), s = \(reference.order), h = \(reference.spacing)"
        let dense = try reference.matrix(), fast = try #require(reference.fastOperator())
        var generator = SplitMix64(seed: seed)
        let x = generator.uniform(reference.unknownCount)
        let exact = dense.multiplied(by: x)
        #expect(fast.apply(x).subtracting(exact).euclideanNorm <= 1e-12 * exact.euclideanNorm, "\(label)")
        let ones = [Double](repeating: 1, count: reference.unknownCount)
        let magnitude = dense.storage.map(abs).reduce(0, +) / Double(reference.unknownCount)
        #expect(fast.apply(ones).subtracting(dense.multiplied(by: ones)).maximumNorm <= 1e-12 * magnitude, "\(label), x = 1")
    }

    /// The disk's naive reference, a masked two-level Toeplitz matrix: the FFT apply is the dense
    /// product to 1e-12 for seeded random x and for x = 1 (rows nearly cancelling), at power-of-two and
    /// other spacings; the accurate one (the inverse Green's-function quadrature) has no FFT apply.
    @Test func theDisksFastApplyIsTheDenseProduct() throws {
        for (s, h) in [(0.3, 1.0 / 8), (0.75, 2.0 / 27), (0.75, 1.0 / 16)] {
            try Self.expectFastApplyIsTheDenseProduct(try FractionalReference(kind: .naive, order: s, dimension: 2, spacing: h), seed: 5)
        }
        #expect(try FractionalReference(kind: .accurate, order: 0.75, dimension: 2, spacing: 1.0 / 8).fastOperator() == nil)
        #expect(throws: ReferenceError.notTranslationInvariant("accurate")) {
            try FractionalReference(matrixFree: .accurate, order: 0.75, dimension: 2, spacing: 1.0 / 8)
        }
    }

    /// h = 2⁻¹⁶ (N = 131,071, a dense matrix of 137 GB) in a 100 MB budget: matrix-free it is made,
    /// forming it is refused with the bytes needed, and the dense reference is refused outright.
    @Test func aMatrixFreeReferenceNeedsOnlyItsVectors() throws {
        let budget = 100_000_000, h = 1.0 / 65_536
        let reference = try FractionalReference(matrixFree: .naive, order: 0.75, spacing: h, availableBytes: budget)
        #expect(reference.unknownCount == 131_071)
        #expect(try #require(reference.fastOperator()).dimension == 131_071)
        #expect(throws: ReferenceError.self) { try reference.matrix() }
        #expect(throws: ReferenceError.self) { try FractionalReference(kind: .naive, order: 0.75, dimension: 1, spacing: h, availableBytes: budget) }
        #expect(throws: ReferenceError.self) { try FractionalReference(matrixFree: .naive, order: 0.75, spacing: h, availableBytes: 1_000_000) }
    }
}
