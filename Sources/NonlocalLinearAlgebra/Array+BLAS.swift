// Vector helpers on [Double] through level-1 BLAS (OpenBLAS).
internal import COpenBLAS

extension Array where Element == Double {
    /// xᵀy. The corresponding C function is `cblas_ddot`.
    public func dot(_ other: [Double]) -> Double {
        precondition(count == other.count, "dot product of lengths \(count) and \(other.count)")
        return withUnsafeBufferPointer { x in
            other.withUnsafeBufferPointer { y in
                cblas_ddot(blasInt(count), x.baseAddress, 1, y.baseAddress, 1)
            }
        }
    }

    /// ‖x‖₂, without overflow for large entries. The corresponding C function is `cblas_dnrm2`.
    public var euclideanNorm: Double {
        withUnsafeBufferPointer { x in cblas_dnrm2(blasInt(count), x.baseAddress, 1) }
    }

    /// max_i |x_i|.
    public var maximumNorm: Double { reduce(0) { Swift.max($0, Swift.abs($1)) } }

    /// x ← x + a·y. The corresponding C function is `cblas_daxpy`.
    public mutating func add(_ other: [Double], scaledBy scale: Double = 1) {
        precondition(count == other.count, "axpy of lengths \(count) and \(other.count)")
        let n = count
        other.withUnsafeBufferPointer { y in
            withUnsafeMutableBufferPointer { x in cblas_daxpy(blasInt(n), scale, y.baseAddress, 1, x.baseAddress, 1) }
        }
    }

    /// x ← a·x. The corresponding C function is `cblas_dscal`.
    public mutating func scale(by factor: Double) {
        let n = count
        withUnsafeMutableBufferPointer { x in cblas_dscal(blasInt(n), factor, x.baseAddress, 1) }
    }

    /// x − y as a new array.
    public func subtracting(_ other: [Double]) -> [Double] {
        var result = self
        result.add(other, scaledBy: -1)
        return result
    }
}
