// CertificateError: why a model's coercivity certificate could not be computed on a grid, in one line.
import NonlocalAssembly
import NonlocalKernels

/// What stops a certificate: a model that does not describe a kernel, a grid it cannot live
/// on, or an eigensolver failure.
public enum CertificateError: Error, Equatable, CustomStringConvertible {
    /// The model's family, coefficients or parameters do not make a kernel.
    case invalidModel(reason: String)
    /// A d-dimensional kernel on a grid of another dimension.
    case dimensionMismatch(kernel: Int, grid: Int)
    /// The kernel's horizon does not fit the grid (``Grid/checkHorizon(_:)``).
    case grid(GridError)
    /// The eigensolver for λ_min failed; the reason is its own message.
    case eigensolverFailed(reason: String)

    public var description: String {
        switch self {
        case .invalidModel(let reason): "the kernel model is invalid: \(reason)"
        case .dimensionMismatch(let kernel, let grid): "the model is \(kernel)D but the grid is \(grid)D; pick a \(kernel)D grid"
        case .grid(let error): error.description
        case .eigensolverFailed(let reason): "the coercivity eigenproblem failed: \(reason)"
        }
    }
}
