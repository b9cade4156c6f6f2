// ARPACK path of SymmetricEigensolver: implicitly restarted Lanczos in shift-invert mode with a CHOLMOD factorization.
internal import CArpack
import Synchronization

/// ARPACK keeps its reverse-communication state in Fortran SAVE variables, so only one
/// dsaupd/dseupd sequence may run in a process at a time.
private let arpackLock = Mutex<Void>(())

extension SymmetricEigensolver {
    /// ARPACK mode 3 (`bmat = "G"`, `which = "LM"`): the largest eigenvalues of
    /// OP = (A − σM)⁻¹ M are 1/(λ − σ) for the λ closest to σ. The corresponding C functions
    /// are `dsaupd_c` (reverse-communication iteration) and `dseupd_c` (Ritz pairs).
    func arpackEigenpairs(_ pencil: Pencil, count: Int) throws(EigenError) -> [Eigenpair] {
        let shifted = try shiftedSolver(pencil)
        return try arpackLock.withLock { _ throws(EigenError) in
            try lanczos(pencil, count: count, shifted: shifted)
        }
    }

    /// The reverse-communication loop; the caller holds ``arpackLock``.
    private func lanczos(_ pencil: Pencil, count: Int, shifted: ShiftedSolver) throws(EigenError) -> [Eigenpair] {
        let n = pencil.stiffness.rowCount
        let sigma = shifted.sigma
        // A basis of 8 for one pair: ARPACK fills the whole basis before its first convergence test,
        // so 20 vectors cost 20 solves even where the eigenvalue has converged after 10 (n = 10⁶
        // Laplacian: 13 applications of the shifted inverse in all against 41).
        let ncv = Swift.min(subspaceSize ?? Swift.max(2 * count + 1, 8), n)
        precondition(ncv > count, "ARPACK needs a subspace larger than the number of eigenpairs")
        let deflation = pencil.nullVector.map { z in Deflation(nullVector: z, mass: pencil.mass) }

        // A deterministic start vector, M-orthogonal to a deflated null vector.
        var generator: UInt64 = 0x9E37_79B9_7F4A_7C15
        var resid = (0..<n).map { _ in
            generator = generator &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(generator >> 11) / Double(1 << 53) - 0.5
        }
        deflation?.project(&resid)

        var basis = [Double](repeating: 0, count: n * ncv)
        var workd = [Double](repeating: 0, count: 3 * n)
        let lworkl = ncv * (ncv + 8)
        var workl = [Double](repeating: 0, count: lworkl)
        var iparam = [ArpackInt](repeating: 0, count: 11)
        var ipntr = [ArpackInt](repeating: 0, count: 11)
        iparam[0] = 1  // exact shifts
        iparam[2] = ArpackInt(maximumIterations)
        iparam[6] = 3  // shift-invert mode
        var ido: ArpackInt = 0
        var info: ArpackInt = 1  // use resid as the start vector

        // OP x = P (A − σM)⁻¹ (M x), P the deflating projector. One step of iterative refinement
        // makes each solve componentwise backward stable, which the smallest eigenvalues of
        // ill-conditioned A need for full relative accuracy (normwise stability gives only ε·κ).
        func applyShiftedInverse(massTimesX: [Double]) -> [Double] {
            var y = shifted.solve(massTimesX)
            deflation?.project(&y)
            var correction = shifted.solve(massTimesX.subtracting(shifted.matrix.multiply(y)))
            deflation?.project(&correction)
            y.add(correction)
            return y
        }
        reverseCommunication: while true {
            dsaupd_c(
                &ido, "G", ArpackInt(n), "LM", ArpackInt(count), tolerance, &resid, ArpackInt(ncv), &basis, ArpackInt(n), &iparam,
                &ipntr, &workd, &workl, ArpackInt(lworkl), &info)
            let input = Int(ipntr[0]) - 1, output = Int(ipntr[1]) - 1, massInput = Int(ipntr[2]) - 1
            switch ido {
            case -1:
                let x = Array(workd[input..<(input + n)])
                workd.replaceSubrange(output..<(output + n), with: applyShiftedInverse(massTimesX: pencil.mass.multiply(x)))
            case 1:
                let mx = Array(workd[massInput..<(massInput + n)])
                workd.replaceSubrange(output..<(output + n), with: applyShiftedInverse(massTimesX: mx))
            case 2:
                let x = Array(workd[input..<(input + n)])
                workd.replaceSubrange(output..<(output + n), with: pencil.mass.multiply(x))
            default:
                break reverseCommunication
            }
        }
        guard info == 0 || info == 1 else {
            throw .arpack(function: "dsaupd_c", info: Int(info), meaning: Self.meaning(ofDsaupdInfo: info))
        }

        let converged = Int(iparam[4])
        var pairs: [Eigenpair] = []
        if converged > 0 {
            var values = [Double](repeating: 0, count: count)
            var vectors = [Double](repeating: 0, count: n * count)
            let select = [ArpackInt](repeating: 1, count: ncv)
            var finalInfo: ArpackInt = 0
            dseupd_c(
                1, "A", select, &values, &vectors, ArpackInt(n), sigma, "G", ArpackInt(n), "LM", ArpackInt(count), tolerance,
                &resid, ArpackInt(ncv), &basis, ArpackInt(n), &iparam, &ipntr, &workd, &workl, ArpackInt(lworkl), &finalInfo)
            guard finalInfo == 0 else {
                throw .arpack(function: "dseupd_c", info: Int(finalInfo), meaning: "Ritz vector extraction failed")
            }
            pairs = (0..<Swift.min(converged, count)).map { j in
                pencil.eigenpair(value: values[j], vector: Array(vectors[(j * n)..<((j + 1) * n)]))
            }
            pairs.sort { $0.value < $1.value }
        }
        guard info == 0, pairs.count == count else {
            throw .noConvergence(converged: pairs, requested: count, iterations: Int(iparam[2]))
        }
        return pairs
    }

    /// A way to apply (A − σM)⁻¹ whose Cholesky factorization succeeded, which proves
    /// σ < λ_min (Sylvester's law of inertia): shift-invert at σ then finds the smallest
    /// eigenvalues.
    ///
    /// With a null vector z to deflate, A itself is first grounded at σ = 0: unknown k (the
    /// largest |z_k|) is removed, and the rest is positive definite when A is semi-definite.
    /// Deflated right-hand sides are consistent (zᵀb = 0), so the grounded solution, projected,
    /// is exact — with no nearly singular factorization, whose error would spoil the relative
    /// accuracy of small eigenvalues. Otherwise, or when grounding fails (A indefinite), λ_min
    /// is bracketed by steps that double downwards and the bracket is bisected, so σ sits close
    /// below λ_min where shift-invert converges fast. The pattern of A − σM is analyzed once.
    private func shiftedSolver(_ pencil: Pencil) throws(EigenError) -> ShiftedSolver {
        let (a, m) = (pencil.stiffness, pencil.mass)
        do throws(SolverError) {
            if shift == nil, let z = pencil.nullVector {
                let k = z.indices.max { abs(z[$0]) < abs(z[$1]) }!
                do {
                    let grounded = try CholeskyFactorization(factorizing: a.removingRowAndColumn(k))
                    return ShiftedSolver(sigma: 0, matrix: a, factorization: grounded, groundedIndex: k)
                } catch .notPositiveDefinite {
                    // A is indefinite on the complement of z: shift below its spectrum instead.
                }
            }
            // ‖A‖∞ / ‖M‖∞ is the scale of the spectrum.
            let scale = Swift.max(a.infinityNorm / Swift.max(m.infinityNorm, .leastNormalMagnitude), .leastNormalMagnitude)
            var sigma = shift ?? (pencil.nullVector == nil ? 0 : -1e-6 * scale)
            let factorization = try CholeskyFactorization(analyzing: a.adding(m, scaledBy: -sigma))
            func factorizes(at shift: Double) throws(SolverError) -> Bool {
                do {
                    try factorization.factorize(a.adding(m, scaledBy: -shift))
                    return true
                } catch .notPositiveDefinite {
                    return false
                }
            }
            if try !factorizes(at: sigma) {
                var above = sigma
                var step = Swift.max(1e-6 * scale, abs(sigma))
                var bracketed = false
                for _ in 0..<200 where !bracketed {
                    sigma = above - step
                    if try factorizes(at: sigma) { bracketed = true } else { above = sigma; step *= 2 }
                }
                guard bracketed else { throw SolverError.notPositiveDefinite(column: 0) }
                for _ in 0..<8 {
                    let middle = (sigma + above) / 2
                    if try factorizes(at: middle) { sigma = middle } else { above = middle }
                }
                _ = try factorizes(at: sigma)
            }
            return ShiftedSolver(sigma: sigma, matrix: a.adding(m, scaledBy: -sigma), factorization: factorization, groundedIndex: nil)
        } catch {
            throw .shiftSearchFailed(error)
        }
    }

    private static func meaning(ofDsaupdInfo info: ArpackInt) -> String {
        switch info {
        case 3: "no shifts could be applied; increase subspaceSize"
        case -8: "LAPACK's tridiagonal eigensolver failed"
        case -9: "the starting vector is zero (a deflated null vector spans the whole space?)"
        case -9999: "could not build a Lanczos factorization; increase subspaceSize"
        default: "invalid ARPACK parameters"
        }
    }
}

/// (A − σM)⁻¹ through a Cholesky factorization, of A − σM itself or of A grounded at one unknown (σ = 0).
private struct ShiftedSolver {
    let sigma: Double
    /// A − σM.
    let matrix: SparseMatrix
    let factorization: CholeskyFactorization
    /// The removed unknown of a grounded factorization, whose solution component is 0.
    let groundedIndex: Int?

    func solve(_ b: [Double]) -> [Double] {
        guard let k = groundedIndex else { return factorization.solve(b) }
        var reduced = b
        reduced.remove(at: k)
        var y = factorization.solve(reduced)
        y.insert(0, at: k)
        return y
    }
}

extension SparseMatrix {
    /// The matrix without row k and column k, later indices shifted down by one.
    fileprivate func removingRowAndColumn(_ k: Int) -> SparseMatrix {
        let kept = filtered { row, column, _ in row != k && column != k }
        var pointers = kept.rowPointers
        pointers.remove(at: k + 1)
        return SparseMatrix(
            uncheckedRowCount: rowCount - 1, columnCount: columnCount - 1, rowPointers: pointers,
            columnIndices: kept.columnIndices.map { $0 > k ? $0 - 1 : $0 }, values: kept.values)
    }
}

/// The M-orthogonal projector P w = w − z (yᵀ w), y = M z / (zᵀ M z), onto the complement of a null vector z.
private struct Deflation {
    let nullVector: [Double]
    let dual: [Double]

    init(nullVector z: [Double], mass: SparseMatrix) {
        nullVector = z
        var y = mass.multiply(z)
        y.scale(by: 1 / y.dot(z))
        dual = y
    }

    func project(_ w: inout [Double]) {
        w.add(nullVector, scaledBy: -dual.dot(w))
    }
}

/// ARPACK's `a_int` (a macro, so not imported): `int` in Debian's LP64 build of arpack-ng.
private typealias ArpackInt = Int32
