// MemoryBudget: the one rule deciding whether N × N dense matrices fit, applied before anything of size N is allocated.
import NonlocalFiles

/// The bytes a dense reference may use: given by the caller, or the system's allocatable memory
/// (`MemAvailable` of `/proc/meminfo` under any `ulimit -v`, ``SystemMemory/allocatableBytes()``,
/// the budget of every ``MemoryRequest``).
struct MemoryBudget: Sendable {
    let availableBytes: Int

    /// - Parameter availableBytes: the budget; nil reads the system's available memory.
    /// - Throws: ``ReferenceError/availableMemoryUnknown(reason:)`` when nil is given and the system does not say.
    init(_ availableBytes: Int?) throws(ReferenceError) {
        if let availableBytes {
            self.availableBytes = availableBytes
            return
        }
        let bytes: Int?
        do {
            bytes = try SystemMemory.availableBytes()
        } catch {
            throw .availableMemoryUnknown(reason: error.description)
        }
        guard bytes != nil, let allocatable = SystemMemory.allocatableBytes() else {
            throw .availableMemoryUnknown(reason: "/proc/meminfo has no MemAvailable line")
        }
        // The one budget every size check uses (MemoryRequest): MemAvailable, lowered under `ulimit -v`.
        self.availableBytes = allocatable
    }

    /// What `matrices` dense N × N matrices of doubles and the O(N) arrays beside them take:
    /// `8·matrices·N² + 256·N` bytes, the second term an allowance for coordinates, grids, stencils and
    /// right-hand sides (< 1 % of the first once N ≥ 3000); with no dense matrix (the FFT-applied 1-D
    /// reference) `512·N`, the allowance doubled for the FFT's padded vectors. Saturates at `Int.max`.
    static func requiredBytes(unknowns n: Int, denseMatrices: Int) -> Int {
        denseMatrices == 0
            ? MemoryRequest.product(512, n) : MemoryRequest.sum(MemoryRequest.product(8, denseMatrices, n, n), MemoryRequest.product(256, n))
    }

    /// Throws unless `denseMatrices` N × N matrices on `lattice` fit.
    /// - Throws: ``ReferenceError/insufficientMemory(reference:unknowns:denseMatrices:availableBytes:suggestedSpacing:)``
    ///   with the finest spacing that would fit.
    func check(_ lattice: UnitBallLattice, denseMatrices: Int, reference: String) throws(ReferenceError) {
        let n = lattice.unknownCount
        guard Self.requiredBytes(unknowns: n, denseMatrices: denseMatrices) > availableBytes else { return }
        // The largest N with 8·k·N² + 256·N ≤ available (512·N without a dense matrix).
        var fitting = denseMatrices == 0 ? availableBytes / 512 : Int((Double(availableBytes) / Double(8 * denseMatrices)).squareRoot())
        while fitting > 0, Self.requiredBytes(unknowns: fitting, denseMatrices: denseMatrices) > availableBytes { fitting -= 1 }
        throw .insufficientMemory(
            reference: reference, unknowns: n, denseMatrices: denseMatrices, availableBytes: availableBytes,
            suggestedSpacing: lattice.finestSpacing(withAtMost: fitting))
    }
}
