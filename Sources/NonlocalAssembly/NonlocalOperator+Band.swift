// NonlocalOperator+Band: the matrix of a 1D volume-constrained operator as a symmetric band, for LAPACK's band Cholesky.
import NonlocalLinearAlgebra

extension NonlocalOperator {
    /// On a 1D volume-constrained grid (an interval) the matrix is banded with bandwidth
    /// k = ⌊δ/h⌋: row p holds the diagonal and −K(jh)h at p ± j for the neighbours inside Ω (those
    /// in the layer only enter the diagonal). Filled straight from the stencil weights in O(n k),
    /// with no sparse assembly; nil on other grids.
    public func symmetricBand() -> SymmetricBandMatrix? {
        guard grid.dimension == 1, grid.boundary == .volumeConstrained else { return nil }
        let n = grid.interiorCount
        let reach = offsets.map { abs($0.x) }.max() ?? 0
        var band = SymmetricBandMatrix(dimension: n, bandwidth: reach)
        var offDiagonal = [Double](repeating: 0, count: band.bandwidth + 1)
        for (offset, weight) in zip(offsets, weights) where offset.x > 0 && offset.x <= band.bandwidth { offDiagonal[offset.x] -= weight }
        let k = band.bandwidth
        band.storage.withUnsafeMutableBufferPointer { storage in
            for j in 0..<n {
                storage[j * (k + 1)] = diagonalWeight
                for d in 1..<(Swift.min(k, n - 1 - j) + 1) { storage[d + j * (k + 1)] = offDiagonal[d] }
            }
        }
        return band
    }
}
