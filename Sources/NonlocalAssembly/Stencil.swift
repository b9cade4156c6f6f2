// Stencil: the lattice offsets 0 < |ξ| ≤ δ and the kernel's weight at each (Silling's one-point rule, or the kernel's own).
import Foundation
import NonlocalFiles
import NonlocalKernels
import NonlocalLinearAlgebra

/// The offsets ξ = h·(i, j) with 0 < |ξ| ≤ δ on a lattice of spacing h (j = 0 in 1D): the
/// one-point quadrature `∫_{B_δ} g(ξ) dξ ≈ Σ_ξ g(ξ) h^d`. A relative tolerance of 1e-10 keeps
/// the J-th neighbour when δ = J·h is computed in floating point.
///
/// Offsets are sorted by their linear position (j, then i), so neighbours of a lattice point
/// come out in increasing lexicographic order; offsets of equal length form a radius class.
public struct Stencil: Sendable {
    public let dimension: Int
    public let spacing: Double
    public let horizon: Double
    /// Integer offsets (i, j); j = 0 in 1D.
    public let offsets: [SIMD2<Int>]
    /// |ξ| for each offset.
    public let radii: [Double]
    /// For each offset, the index of its radius class in ``classRadii``.
    public let radiusClass: [Int]
    /// The distinct |ξ|, ascending.
    public let classRadii: [Double]

    /// - Precondition: δ/h ≤ ``maximumReach``, so the integer arithmetic below cannot overflow
    ///   (every caller goes through ``Grid/checkHorizon(_:)``, which also checks the memory).
    public init(dimension: Int, spacing h: Double, horizon delta: Double) {
        precondition(dimension == 1 || dimension == 2, "dimension must be 1 or 2")
        precondition(h > 0 && delta > 0 && h.isFinite && delta.isFinite, "spacing and horizon must be positive")
        precondition(delta / h <= Self.maximumReach, "δ/h = \(delta / h) is too large for a stencil; check Grid.checkHorizon first")
        self.dimension = dimension
        spacing = h
        horizon = delta
        let reach = Int((delta / h * (1 + 1e-10)).rounded(.down))
        let limit = (delta / h) * (delta / h) * (1 + 2e-10)
        var found: [SIMD2<Int>] = []
        let rows = dimension == 2 ? -reach...reach : 0...0
        for j in rows {
            for i in -reach...reach where !(i == 0 && j == 0) && Double(i * i + j * j) <= limit {
                found.append(SIMD2(i, j))
            }
        }
        offsets = found
        let squaredNorms = found.map { $0.x * $0.x + $0.y * $0.y }
        let distinct = Array(Set(squaredNorms)).sorted()
        let classOf = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, $0) })
        radiusClass = squaredNorms.map { classOf[$0]! }
        classRadii = distinct.map { h * Double($0).squareRoot() }
        radii = squaredNorms.map { h * Double($0).squareRoot() }
    }

    /// The largest δ/h a stencil is built for, 3·10⁹: its integer offsets then have i² + j² in
    /// `Int` range in 1D (in 2D the (2δ/h)² offsets run out of memory far earlier). Stencils this
    /// wide need hundreds of gigabytes, so ``memoryRequest(dimension:spacing:horizon:)`` refuses
    /// them first on ordinary machines; ``Grid/checkHorizon(_:)`` refuses the rest.
    public static let maximumReach = 3e9

    /// An upper bound on the offsets of a stencil, `(2⌊δ/h⌋ + 1)^d`, in floating point, so that
    /// no horizon — 1e300 read from a model file — overflows.
    public static func offsetBound(dimension: Int, spacing h: Double, horizon delta: Double) -> Double {
        let side = 2 * (delta / h * (1 + 1e-10)).rounded(.down) + 1
        return dimension == 2 ? side * side : side
    }

    /// The bytes building the stencil takes: 64 per offset (the offset, its radius, its class
    /// and the sets that sort the classes), `Int.max` when that count does not fit an `Int`.
    /// Check it (``Grid/checkHorizon(_:)`` does) before `init`.
    public static func memoryRequest(dimension: Int, spacing h: Double, horizon delta: Double) -> MemoryRequest {
        let offsets = offsetBound(dimension: dimension, spacing: h, horizon: delta)
        let bytes = offsets * 64 < 9e18 ? Int(offsets) * 64 : Int.max
        return MemoryRequest(
            "a stencil of horizon δ = \(delta) on spacing h = \(h) (up to \(offsets < 1e15 ? String(Int(offsets)) : "\(offsets)") offsets)",
            bytes: bytes)
    }

    /// The stencil a kernel needs on a lattice of spacing h.
    public init(kernel: some RadialKernel, spacing h: Double) {
        self.init(dimension: kernel.dimension, spacing: h, horizon: kernel.horizon)
    }

    public var count: Int { offsets.count }

    /// The number of offsets in each radius class (2 in 1D; 4 or 8 on the 2D lattice).
    public var classMultiplicities: [Int] {
        var counts = [Int](repeating: 0, count: classRadii.count)
        for c in radiusClass { counts[c] += 1 }
        return counts
    }

    /// The quadrature weight h^d.
    public var cellVolume: Double { dimension == 1 ? spacing : spacing * spacing }

    /// The kernel's weight for each offset, ``RadialKernel/latticeWeights(radii:spacing:)`` of its
    /// radius class: K(|ξ|)·h^d under the one-point rule.
    public func weights(of kernel: some RadialKernel) -> [Double] {
        let perClass = kernel.latticeWeights(radii: classRadii, spacing: spacing)
        return radiusClass.map { perClass[$0] }
    }

    /// W[c, m]: basis function m's lattice weight at radius class c (b_m(r_c)·h^d under the
    /// one-point rule). A kernel Σ θ_m b_m has the per-class weights Wθ; the regression's features are D·W.
    public func basisWeights(_ basis: [any RadialKernel]) -> DenseMatrix {
        // A Galerkin Bernstein basis is weighted in one pass over the quadrature nodes (the same numbers, M + 1 times faster).
        if dimension == 1, let columns = FractionalBernsteinKernel.galerkinBasisWeights(basis, count: classRadii.count, spacing: spacing) {
            return DenseMatrix(columns: columns)
        }
        return DenseMatrix(columns: basis.map { $0.latticeWeights(radii: classRadii, spacing: spacing) })
    }

    /// The discrete second moment ½ Σ_ξ K(|ξ|) |ξ|² h^d; L_K[|x|²] = −2 × this away from boundaries.
    public func secondMoment(of kernel: some RadialKernel) -> Double {
        0.5 * zip(radii, weights(of: kernel)).reduce(0) { $0 + $1.1 * $1.0 * $1.0 }
    }

    /// The discrete L1 norm Σ_ξ |K(|ξ|)| h^d.
    public func l1Norm(of kernel: some RadialKernel) -> Double {
        weights(of: kernel).reduce(0) { $0 + abs($1) }
    }

    /// The discrete integral Σ_ξ K(|ξ|) h^d (the row sum of L_K's off-diagonal weights, the same at every point).
    public func integral(of kernel: some RadialKernel) -> Double {
        weights(of: kernel).reduce(0, +)
    }

    /// The symbols σ_{b_m}(k) of each basis function at each integer wavenumber k on a periodic 1-D
    /// grid of length L, as a (wavenumbers × basis) matrix: ``symbol(of:wavenumber:)`` at k/L for
    /// all of them at once, each basis function's lattice weights computed once per radius class
    /// (in 1-D both offsets ±ξ of a class have the same 2 sin²(πkξ/L)).
    /// - Precondition: a 1-D stencil.
    public func periodicSymbols(of basis: [any RadialKernel], wavenumbers: [Int], length: Double) -> DenseMatrix {
        precondition(dimension == 1, "per-class symbols need a 1-D stencil")
        let weights = basisWeights(basis), multiplicity = classMultiplicities
        var result = DenseMatrix(rowCount: wavenumbers.count, columnCount: basis.count)
        for (row, k) in wavenumbers.enumerated() {
            let sines = classRadii.enumerated().map { c, r in
                let half = sin(.pi * Double(k) * r / length)
                return Double(multiplicity[c]) * 2 * half * half
            }
            let values = weights.multiplied(by: sines, transposingSelf: true)
            for m in 0..<basis.count { result[row, m] = values[m] }
        }
        return result
    }

    /// The periodic symbol σ(k) = Σ_ξ K(|ξ|)(1 − cos(2π k·ξ)) h^d: L_K[cos(2πk·x)] = σ(k) cos(2πk·x).
    /// Evaluated as 2 sin²(π k·ξ), which does not cancel for small k·ξ.
    public func symbol(of kernel: some RadialKernel, wavenumber k: SIMD2<Double>) -> Double {
        zip(offsets, weights(of: kernel)).reduce(0) { sum, pair in
            let xi = SIMD2<Double>(Double(pair.0.x), Double(pair.0.y)) * spacing
            let half = sin(.pi * (k * xi).sum())
            return sum + pair.1 * 2 * half * half
        }
    }
}
