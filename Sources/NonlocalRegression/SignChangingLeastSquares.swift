// SignChangingLeastSquares: stage 2 exactly — min L(C* + D) subject to N(D) ≤ 1/(2κ), as a convex quadratic program.
import NonlocalCertificate
import NonlocalKernels
import NonlocalLinearAlgebra
import NonlocalOptimization

/// Stage 2 of Algorithm 1 (paper eqs. 3.9–3.10, 3.13–3.14): given the stage-1 coefficients
/// C* ≥ 0 and the bound τ = 1/(2κ(C*)), the sign-changing part
/// `D = argmin L(C* + D) subject to N(D) ≤ τ`.
///
/// With g = GC* − b, `L(C* + D) = L(C*) + 2(½DᵀGD + gᵀD)`, a convex quadratic, and N is convex
/// and piecewise linear, so the problem is a convex quadratic program, solved exactly.
///
/// ``SignChangingNorm/Form/coefficients`` (the default) bounds the coefficients themselves,
/// `Σ_m w_m |D_m| ≤ τ`, an L1 ball in D that ``L1BallQuadraticProgram`` solves directly; its
/// weights make it an upper bound of the L1 form on the training grid and its refinements.
///
/// G = WᵀPW is numerically singular: W, the basis sampled at the stencil's radii, has condition
/// number 10⁶–10⁷ at M = 20, and P, the data's difference moments, a spectrum that decays with
/// the data's Fourier coefficients; in floating point G has eigenvalues at the rounding level.
/// Yet the loss and N see D only through the kernel's values at the radius classes, AD with
/// A = diag(n_c) W (``SignChangingNorm/classWeights``). So:
/// - ``SignChangingNorm/Form/l1`` is solved in orthonormal coordinates of those values: with
///   the thin SVD A = UΣVᵀ (numerical rank r), `y = ΣVᵀD`, `AD = Uy`, and the program becomes
///   `min ½yᵀHy + hᵀy` subject to `‖Uy‖₁ + |1ᵀUy| ≤ 2τ` with `H = Uᵀ diag(1/n_c) P diag(1/n_c) U`
///   and `h = Uᵀ diag(1/n_c)(PWC* − q)` formed from the moments, never from G — W's condition
///   number never enters. ``L1BallQuadraticProgram`` solves it with r × r Newton systems, and
///   `D = VΣ⁻¹y` is the smallest D with those kernel values (with fewer radius classes than
///   basis functions, D is otherwise free along A's null space, which neither L nor N sees).
/// - ``SignChangingNorm/Form/asPrinted``: `½I + ½|I| ≤ τ ⇔ I ≤ τ` for τ ≥ 0, the single row
///   `sᵀD ≤ τ` (``ConvexQuadraticProgram``). Its feasible set is unbounded in directions G cannot
///   see, so the program may not be solvable in double precision: it is then solved with a
///   Tikhonov term `½γ|D|²` added, γ the first of ``regularizations`` (× (M+1)ε·max G_mm, G's own
///   rounding level) for which the interior-point method converges; the solution reports γ. The
///   program as stated (γ = 0) is always tried first.
///
/// The coefficients can be large (|D| ~ 10⁵–10⁶ with alternating signs) while the kernel values
/// stay O(10): W's conditioning. After the fact, N(D) ≤ τ holds exactly (N is positively
/// homogeneous, so a D that rounding leaves a hair outside is scaled back onto the boundary), and
/// L(C* + D) ≤ L(C*) always (D = 0 is feasible, and is returned should rounding ever make the
/// computed D worse).
public struct SignChangingLeastSquares: Sendable {
    /// What was done to the interior-point solution to guarantee the two inequalities.
    public enum Adjustment: Sendable, Equatable {
        /// Returned as computed.
        case none
        /// D was multiplied by `factor` < 1 to bring N(D) down to τ.
        case scaledToBound(factor: Double)
        /// The computed D did not lower the loss below L(C*), so D = 0 was returned.
        case keptStageOne
    }

    /// The sign-changing part and its optimality.
    public struct Solution: Sendable {
        /// D, one per basis function; the learned kernel has coefficients C* + D.
        public let coefficients: [Double]
        /// L(C* + D) ≤ L(C*).
        public let loss: Double
        /// N(D) ≤ τ.
        public let norm: Double
        /// The largest of the quadratic program's residuals (``ConvexQuadraticProgram/Residuals``)
        /// before any ``adjustment``; 0 when τ = 0 left D = 0 as the only feasible point.
        public let kktResidual: Double
        /// Interior-point iterations of the solve that succeeded.
        public let iterations: Int
        /// γ / ((M+1)ε · max_m G_mm), the Tikhonov weight the as-printed program was solved
        /// with: 0 for the program exactly as stated, which the L1 form always is.
        public let regularization: Double
        public let adjustment: Adjustment
    }

    /// Interior-point iterations allowed per attempt.
    public var maximumIterations = 100
    /// The Tikhonov weights tried in turn when the as-printed program cannot be solved as stated,
    /// in units of (M+1)ε · max_m G_mm (the rounding level of G).
    public var regularizations: [Double] = [1, 1e2, 1e4, 1e6]

    public init() {}

    /// - Parameters:
    ///   - moments: the training data's moments on the stencil of δ.
    ///   - basis: the basis functions b_m of the stage-1 fit (on the moments' horizon).
    ///   - nonnegativePart: C*, the stage-1 coefficients.
    ///   - bound: τ = 1/(2κ(C*)) ≥ 0, finite.
    ///   - form: N's form (``SignChangingNorm/Form``).
    ///   - consistency: keeps the second moment of C* + D consistent (``SecondMomentConsistency``),
    ///     under the coefficient form only.
    /// - Throws: ``RegressionError/solverFailed(stage:reason:)`` when the quadratic program cannot
    ///   be solved, ``RegressionError/nonFinite(what:)`` for NaN or infinite data.
    public func solve(
        moments: RadialMoments, basis: [any RadialKernel], nonnegativePart: [Double], bound: Double, form: SignChangingNorm.Form = .l1,
        consistency: SecondMomentConsistency? = nil
    ) throws(RegressionError) -> Solution {
        precondition(consistency == nil || form == .coefficients, "the consistency constraint goes with the coefficient form")
        let k = basis.count
        precondition(nonnegativePart.count == k, "C* must have one coefficient per basis function")
        precondition(bound >= 0 && bound.isFinite, "the bound τ must be finite and non-negative")
        let loss = QuadraticLoss(moments: moments, basis: basis)
        let norm = SignChangingNorm(stencil: moments.stencil, basis: basis, form: form)
        let stageOneLoss = loss.value(at: nonnegativePart)
        let zero = [Double](repeating: 0, count: k)
        // Under the L1 form, N(D) = 0 makes K_D vanish on the stencil: D = 0 up to a null space
        // of A that the loss does not see either; under the coefficient form, D = 0.
        if bound == 0 && form != .asPrinted {
            return Solution(
                coefficients: zero, loss: stageOneLoss, norm: 0, kktResidual: 0, iterations: 0, regularization: 0, adjustment: .none)
        }
        var (d, kktResidual, iterations, regularization) = (zero, 0.0, 0, 0.0)
        switch form {
        case .coefficients:
            (d, kktResidual, iterations) = try solveInCoefficients(
                loss, nonnegativePart: nonnegativePart, norm: norm, bound: bound, consistency: consistency)
        case .l1:
            (d, kktResidual, iterations) = try solveInKernelValues(moments: moments, norm: norm, nonnegativePart: nonnegativePart, bound: bound)
        case .asPrinted:
            let (qp, relative) = try solveProgram(loss, nonnegativePart: nonnegativePart, norm: norm, bound: bound)
            (d, kktResidual, iterations, regularization) = (qp.minimizer, qp.residuals.maximum, qp.iterations, relative)
        }
        var adjustment = Adjustment.none
        var n = norm.value(d)
        if n > bound {
            // N(aD) = aN(D) for a ≥ 0; the loop covers the rounding of the product.
            var factor = bound / n
            while norm.value(d.map { $0 * factor }) > bound { factor *= 1 - 4 * .ulpOfOne }
            d.scale(by: factor)
            n = norm.value(d)
            adjustment = .scaledToBound(factor: factor)
        }
        var value = loss.value(at: zip(nonnegativePart, d).map { $0 + $1 })
        let change = loss.change(from: nonnegativePart, by: d)
        if !(change <= 0 && value <= stageOneLoss) {
            (d, n, value, adjustment) = (zero, 0, stageOneLoss, .keptStageOne)
        }
        return Solution(
            coefficients: d, loss: value, norm: n, kktResidual: kktResidual, iterations: iterations,
            regularization: regularization, adjustment: adjustment)
    }

    /// The L1 form in the coordinates y of the kernel values (the type's documentation): D, the
    /// largest KKT residual of ``L1BallQuadraticProgram``, and its iterations.
    private func solveInKernelValues(
        moments: RadialMoments, norm: SignChangingNorm, nonnegativePart: [Double], bound: Double
    ) throws(RegressionError) -> ([Double], Double, Int) {
        let a = norm.classWeights
        let (classes, k) = (a.rowCount, a.columnCount)
        let svd: DenseMatrix.SingularValueDecomposition
        do { svd = try a.singularValueDecomposition() } catch {
            throw .solverFailed(stage: "stage 2 (the SVD of the basis at the radius classes)", reason: error.description)
        }
        let r = svd.rank
        guard r > 0 else { return ([Double](repeating: 0, count: k), 0, 0) }
        let u = DenseMatrix(rowCount: classes, columnCount: r, storage: Array(svd.left.storage[0..<(classes * r)]))
        // diag(1/n_c) U, and W C* = diag(1/n_c) A C*: the stage-1 kernel's class values.
        let multiplicity = moments.stencil.classMultiplicities.map(Double.init)
        var scaledU = u
        for j in 0..<r {
            for i in 0..<classes { scaledU[i, j] /= multiplicity[i] }
        }
        let stageOneValues = zip(a.multiplied(by: nonnegativePart), multiplicity).map { $0 / $1 }
        var quadratic = scaledU.multiplied(by: moments.differenceGram.multiplied(by: scaledU), transposingSelf: true)
        quadratic.symmetrize()
        var residual = moments.differenceGram.multiplied(by: stageOneValues)
        residual.add(moments.differenceTargets, scaledBy: -1)
        // F = [U; 1ᵀU]: the class values' absolute sum and their integral.
        var rows = DenseMatrix(rowCount: classes + 1, columnCount: r)
        for j in 0..<r {
            for i in 0..<classes {
                rows[i, j] = u[i, j]
                rows[classes, j] += u[i, j]
            }
        }
        var program = L1BallQuadraticProgram(
            quadratic: quadratic, linear: scaledU.multiplied(by: residual, transposingSelf: true), rows: rows, radius: 2 * bound)
        program.maximumIterations = maximumIterations
        let solution: L1BallQuadraticProgram.Solution
        do { solution = try program.solve() } catch { throw .solverFailed(stage: "stage 2 (min L(C* + D) subject to N(D) ≤ τ)", reason: error.description) }
        // D = VΣ⁻¹y.
        let coordinates = (0..<r).map { solution.minimizer[$0] / svd.values[$0] }
        var d = [Double](repeating: 0, count: k)
        for m in 0..<k {
            for i in 0..<r { d[m] += svd.rightTransposed[i, m] * coordinates[i] }
        }
        // D's kernel values AD carry rounding of cond(A)·ε relative to Uy (10⁻⁹–10⁻⁷ at M = 20);
        // N is positively homogeneous, so scaling restores the solution's N exactly: on the
        // boundary when the bound is active, where the loss would otherwise keep that slack.
        let target = 0.5 * rows.multiplied(by: solution.minimizer).reduce(0) { $0 + abs($1) }
        let computed = norm.value(d)
        if computed > 0 { d.scale(by: target / computed) }
        return (d, solution.residuals.maximum, solution.iterations)
    }

    /// The coefficient form, `min ½DᵀGD + gᵀD subject to Σ_m w_m |D_m| ≤ τ` (the objective is
    /// `(L(C* + D) − L(C*))/2`), by ``L1BallQuadraticProgram`` with F = diag(w): D, the largest KKT
    /// residual and the iterations. The ball bounds every |D_m| by τ/w_m, so G's rounding-level
    /// eigenvalues cannot carry D off to the 10⁶ of the other forms.
    ///
    /// With `consistency`, D also keeps C* + D's second moment where stage 1 put it, `aᵀD = 0`:
    /// D = Nz with N an orthonormal basis of a's complement (a Householder reflection's last k − 1
    /// columns), and the program in z has quadratic NᵀGN, linear Nᵀg and F = diag(w)N. Exact, where a
    /// penalty's weight would ruin the interior-point method's conditioning.
    private func solveInCoefficients(
        _ loss: QuadraticLoss, nonnegativePart: [Double], norm: SignChangingNorm, bound: Double, consistency: SecondMomentConsistency?
    ) throws(RegressionError) -> ([Double], Double, Int) {
        let weights = norm.coefficientWeights
        let k = weights.count
        // One coefficient orthogonal to a ≠ 0 is zero.
        if consistency != nil && k == 1 { return ([0], 0, 0) }
        let basis = consistency.map { DenseMatrix.orthonormalComplement(of: $0.row) } ?? DenseMatrix.identity(k)
        var rows = basis
        for m in 0..<k {
            for j in 0..<rows.columnCount { rows[m, j] *= weights[m] }
        }
        let gram = loss.gram.multiplied(by: basis)
        var quadratic = basis.multiplied(by: gram, transposingSelf: true)
        quadratic.symmetrize()
        let linear = basis.multiplied(by: loss.halfGradient(at: nonnegativePart), transposingSelf: true)
        var program = L1BallQuadraticProgram(quadratic: quadratic, linear: linear, rows: rows, radius: bound)
        program.maximumIterations = maximumIterations
        do {
            let solution = try program.solve()
            return (basis.multiplied(by: solution.minimizer), solution.residuals.maximum, solution.iterations)
        } catch {
            throw .solverFailed(stage: "stage 2 (min L(C* + D) subject to Σ w_m |D_m| ≤ τ)", reason: error.description)
        }
    }

    /// The as-printed program `min ½Dᵀ(G + γI)D + gᵀD subject to sᵀD ≤ τ` (objective
    /// `(L(C* + D) − L(C*))/2 + ½γ|D|²`), as stated and then with the Tikhonov weights of
    /// ``regularizations`` until one attempt converges; its solution and relative weight.
    private func solveProgram(
        _ loss: QuadraticLoss, nonnegativePart: [Double], norm: SignChangingNorm, bound: Double
    ) throws(RegressionError) -> (ConvexQuadraticProgram.Solution, Double) {
        let k = loss.linear.count
        let g = loss.halfGradient(at: nonnegativePart)
        let row = DenseMatrix(rowCount: 1, columnCount: k, storage: norm.integralWeights)
        let roundingLevel = Double(k) * .ulpOfOne * ((0..<k).map { loss.gram[$0, $0] }.max() ?? 0)
        var reasons: [String] = []
        for relative in [0] + regularizations {
            var gram = loss.gram
            for i in 0..<k { gram[i, i] += relative * roundingLevel }
            var program = ConvexQuadraticProgram(quadratic: gram, linear: g, constraints: row, bounds: [bound])
            program.maximumIterations = maximumIterations
            do {
                return (try program.solve(), relative)
            } catch .failed(_, let reason) {
                reasons.append("γ = \(relative)·(M+1)ε·max G_mm: \(reason)")
            } catch {
                throw .solverFailed(stage: "stage 2 (min L(C* + D) subject to N(D) ≤ τ)", reason: error.description)
            }
        }
        throw .solverFailed(stage: "stage 2 (min L(C* + D) subject to N(D) ≤ τ)", reason: reasons.joined(separator: "; "))
    }
}
