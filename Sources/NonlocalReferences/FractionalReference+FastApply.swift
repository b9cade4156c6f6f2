// FractionalReference+FastApply: the 1-D references applied by FFT, for sizes whose dense matrix does not fit.
import NonlocalLinearAlgebra

extension FractionalReference {
    /// A 1-D reference that is only applied (``fastOperator()``), never formed: its memory is the
    /// O(N) of the FFT's vectors (512 bytes per unknown, checked), so h = 2⁻¹⁶ (N = 131,071, whose
    /// dense matrix needs 137 GB) takes about 64 MB. ``matrix()`` and ``solve(_:)`` still work, after
    /// checking that the dense matrix fits.
    /// - Throws: as ``init(kind:order:dimension:spacing:availableBytes:)``. (On the disk the matrix is
    ///   masked block-Toeplitz; its FFT apply is not built yet.)
    public init(matrixFree kind: Kind, order s: Double, spacing h: Double, availableBytes: Int? = nil) throws(ReferenceError) {
        let lattice = try UnitBallLattice(dimension: 1, spacing: h)
        try self.init(kind: kind, order: s, lattice: lattice, grid: nil, availableBytes: availableBytes, denseMatrices: 0)
    }

    /// In 1D, A applied in O(N log N) by FFT (``SymmetricToeplitzOperator`` of ``toeplitzColumn``); nil on the disk.
    public func fastOperator() -> SymmetricToeplitzOperator? {
        toeplitzColumn.map { SymmetricToeplitzOperator(column: $0) }
    }

    /// Whether `matrices` dense N × N matrices (1 to form A, 2 to also factorize it) fit in the
    /// budget the reference was made with (nil: the memory available now).
    public func denseMatricesFit(_ matrices: Int) -> Bool {
        (try? Self.checkMemory(kind: kind, lattice: lattice, availableBytes: availableBytes, denseMatrices: matrices)) != nil
    }
}
