// FractionalReference+FastApply: the translation-invariant references applied by FFT, for sizes whose dense matrix does not fit.
import NonlocalLinearAlgebra

extension FractionalReference {
    /// A reference that is only applied (``fastOperator()``), never formed: its memory is the O(N) of
    /// the FFT's vectors (512 bytes per unknown, checked), so h = 2⁻¹⁶ on the interval (N = 131,071,
    /// whose dense matrix needs 137 GB) takes about 64 MB, and h = 2⁻⁹ on the disk (N = 823,469, 5.4 TB
    /// dense) about 420 MB. ``matrix()`` and ``solve(_:)`` still work, after checking that the dense
    /// matrix fits.
    ///
    /// Every reference but the disk's `accurate` one is translation-invariant (Toeplitz in 1D, masked
    /// two-level Toeplitz on the disk's lattice); that one, the inverse of the Green's-function
    /// quadrature, is not, and is refused.
    /// - Throws: as ``init(kind:order:dimension:spacing:availableBytes:)``, and
    ///   ``ReferenceError/notTranslationInvariant(_:)`` for the disk's `accurate` reference.
    public init(matrixFree kind: Kind, order s: Double, dimension: Int = 1, spacing h: Double, availableBytes: Int? = nil) throws(ReferenceError) {
        let lattice = try UnitBallLattice(dimension: dimension, spacing: h)
        guard dimension == 1 || kind == .naive else { throw .notTranslationInvariant(kind.rawValue) }
        try self.init(kind: kind, order: s, lattice: lattice, grid: nil, availableBytes: availableBytes, denseMatrices: 0)
    }

    /// A applied in O(N log N) by FFT: in 1D a ``SymmetricToeplitzOperator`` of ``toeplitzColumn``, on the
    /// disk (the naive reference) a ``MaskedToeplitzOperator`` of its one-point entries on the lattice;
    /// nil for the disk's `accurate` reference, which is not translation-invariant.
    public func fastOperator() -> (any TranslationInvariantOperator)? {
        if let column = toeplitzColumn { return SymmetricToeplitzOperator(column: column) }
        return offsetEntries().map { MaskedToeplitzOperator(points: grid.interior, entry: $0) }
    }

    /// A_ij as a function of the unknowns' lattice offset (in units of h; the diagonal at zero), for the
    /// translation-invariant references (nil for the disk's accurate one). In 1D only the offset's x counts.
    public func offsetEntries() -> (@Sendable (SIMD2<Int>) -> Double)? {
        switch (kind, dimension) {
        case (.accurate, 2):
            return nil
        case (.naive, 2):
            let quadrature = FullHorizonQuadrature(order: order, dimension: 2, spacing: spacing)
            return { quadrature.entry(offset: $0) }
        default:
            let column = toeplitzColumn!
            return { abs($0.x) < column.count ? column[abs($0.x)] : 0 }
        }
    }

    /// Whether `matrices` dense N × N matrices (1 to form A, 2 to also factorize it) fit in the
    /// budget the reference was made with (nil: the memory available now).
    public func denseMatricesFit(_ matrices: Int) -> Bool {
        (try? Self.checkMemory(kind: kind, lattice: lattice, availableBytes: availableBytes, denseMatrices: matrices)) != nil
    }
}
