// Model matrices with known spectra: finite-difference Laplacians and a convection–diffusion operator.
import Foundation

extension SparseMatrix {
    /// The 1D Laplacian −u'' on n points with spacing h = 1/(n+1) (Dirichlet) or h = 1/n (periodic):
    /// tridiagonal (−1, 2, −1)/h². Dirichlet eigenvalues are 4 sin²(kπ/(2(n+1)))/h², k = 1…n;
    /// periodic ones 4 sin²(kπ/n)/h², k = 0…n−1 (k = 0 is the constant null mode).
    public static func laplacian1D(_ n: Int, periodic: Bool = false) -> SparseMatrix {
        precondition(n >= (periodic ? 3 : 1), "too few points")
        let h = periodic ? 1 / Double(n) : 1 / Double(n + 1)
        let scale = 1 / (h * h)
        var builder = TripletBuilder(rowCount: n, columnCount: n, reservingCapacity: 3 * n)
        for i in 0..<n {
            builder.append(row: i, column: i, value: 2 * scale)
            if i > 0 || periodic { builder.append(row: i, column: (i + n - 1) % n, value: -scale) }
            if i < n - 1 || periodic { builder.append(row: i, column: (i + 1) % n, value: -scale) }
        }
        return builder.build()
    }

    /// The 5-point Laplacian −Δ on the nx × ny interior points of the unit square, Dirichlet,
    /// h = 1/(nx+1) along x and 1/(ny+1) along y, unknown (i, j) at index i + j·nx.
    /// Eigenvalues 4 sin²(kπ/(2(nx+1)))/hx² + 4 sin²(lπ/(2(ny+1)))/hy².
    public static func laplacian2D(_ nx: Int, _ ny: Int) -> SparseMatrix {
        convectionDiffusion2D(nx, ny, velocity: (0, 0))
    }

    /// The exact eigenvalue of ``laplacian2D(_:_:)`` for modes (k, l), k = 1…nx, l = 1…ny:
    /// 4 sin²(kπ hx/2)/hx² + 4 sin²(lπ hy/2)/hy², written with sines (2 − 2cos θ cancels for small θ).
    public static func laplacian2DEigenvalue(_ nx: Int, _ ny: Int, modes: (k: Int, l: Int) = (1, 1)) -> Double {
        func mode(_ n: Int, _ k: Int) -> Double {
            let h = 1 / Double(n + 1)
            return 4 * pow(sin(Double(k) * .pi * h / 2), 2) / (h * h)
        }
        return mode(nx, modes.k) + mode(ny, modes.l)
    }

    /// −Δu + b·∇u on the unit square (Dirichlet), 5-point Laplacian and central differences
    /// for the convection term: nonsymmetric whenever b ≠ 0.
    public static func convectionDiffusion2D(_ nx: Int, _ ny: Int, velocity b: (Double, Double)) -> SparseMatrix {
        precondition(nx >= 1 && ny >= 1, "too few points")
        let hx = 1 / Double(nx + 1), hy = 1 / Double(ny + 1)
        let cx = 1 / (hx * hx), cy = 1 / (hy * hy)
        let ax = b.0 / (2 * hx), ay = b.1 / (2 * hy)
        let n = nx * ny
        var builder = TripletBuilder(rowCount: n, columnCount: n, reservingCapacity: 5 * n)
        for j in 0..<ny {
            for i in 0..<nx {
                let row = i + j * nx
                builder.append(row: row, column: row, value: 2 * cx + 2 * cy)
                if i > 0 { builder.append(row: row, column: row - 1, value: -cx - ax) }
                if i < nx - 1 { builder.append(row: row, column: row + 1, value: -cx + ax) }
                if j > 0 { builder.append(row: row, column: row - nx, value: -cy - ay) }
                if j < ny - 1 { builder.append(row: row, column: row + nx, value: -cy + ay) }
            }
        }
        return builder.build()
    }
}
