// UnitBallLattice: the lattice points strictly inside the unit ball, counted before any are listed, and checked against a Grid.
import Foundation
import NonlocalAssembly

/// The unknowns of a fractional problem on the unit ball B₁ ⊂ R^d (d = 1, 2) at spacing h = 2/n:
/// the points −1 + h·i, i = 1 … n − 1, of the interval (`Grid.interval(from: -1, to: 1, …)`), or
/// the points h·(i, j) with |h·(i, j)| < 1 of the disk (`Grid.disk(radius: 1, …)`), numbered as
/// those grids number them.
///
/// The count N is known from (d, n) alone, in O(n) integer operations and without allocating: on
/// the disk, h²(i² + j²) < 1 ⇔ 4(i² + j²) < n². That is what lets a reference refuse a size before
/// it builds anything of size N. (The same lattice rule as `FractionalPoissonSolver`'s check of its grid.)
struct UnitBallLattice: Sendable, Equatable {
    /// d ∈ {1, 2}.
    let dimension: Int
    /// n = 2/h, the cells across the diameter.
    let cells: Int

    /// h = 2/n as the caller gave it (the grid uses exactly this value).
    let spacing: Double

    /// - Throws: ``ReferenceError/unsupportedDimension(_:)`` or ``ReferenceError/spacingDoesNotDivide(_:)``
    ///   (the same rule as `Grid`: 2/h within 1e-9 relative of an integer n ≥ 2).
    init(dimension: Int, spacing h: Double) throws(ReferenceError) {
        guard dimension == 1 || dimension == 2 else { throw .unsupportedDimension(dimension) }
        self.dimension = dimension
        cells = try Self.cells(spacing: h)
        spacing = h
    }

    /// The lattice of `grid`, after checking that its unknowns are exactly this lattice's points in order.
    /// - Throws: ``ReferenceError/notUnitBall(reason:)`` naming the first difference found.
    init(of grid: Grid) throws(ReferenceError) {
        guard grid.boundary == .volumeConstrained else { throw .notUnitBall(reason: "the grid is periodic") }
        guard grid.dimension == 1 || grid.dimension == 2 else { throw .unsupportedDimension(grid.dimension) }
        dimension = grid.dimension
        spacing = grid.spacing
        guard let cells = try? Self.cells(spacing: grid.spacing) else {
            throw .notUnitBall(reason: "its spacing \(grid.spacing) does not divide the diameter 2")
        }
        self.cells = cells
        let expected = unknownCount, actual = grid.interiorCount
        guard actual == expected else {
            throw .notUnitBall(reason: "\(actual) unknowns where the unit ball's lattice at h = \(spacing) has \(expected)")
        }
        let tolerance = 1e-9 * spacing
        for (k, point) in points().enumerated() {
            let difference = grid.interiorCoordinates[k] - point
            guard max(abs(difference.x), abs(difference.y)) <= tolerance else {
                throw .notUnitBall(reason: "unknown \(k) lies at \(grid.interiorCoordinates[k]), the lattice point is \(point)")
            }
        }
    }

    /// n = 2/h. - Throws: ``ReferenceError/spacingDoesNotDivide(_:)`` unless 2/h is within 1e-9 relative of an integer n ≥ 2.
    private static func cells(spacing h: Double) throws(ReferenceError) -> Int {
        guard h > 0, h.isFinite, 2 / h < 1e9 else { throw .spacingDoesNotDivide(h) }
        let ratio = 2 / h
        let cells = Int(ratio.rounded())
        guard abs(ratio - Double(cells)) <= 1e-9 * ratio, cells >= 2 else { throw .spacingDoesNotDivide(h) }
        return cells
    }

    /// N, the number of lattice points in the open ball.
    var unknownCount: Int { Self.unknownCount(dimension: dimension, cells: cells) }

    /// N for n cells across, in O(n) integer operations without allocating: n − 1 on the interval,
    /// #{(i, j): 4(i² + j²) < n²} on the disk, row by row.
    static func unknownCount(dimension: Int, cells n: Int) -> Int {
        guard dimension == 2 else { return n - 1 }
        let nSquared = n * n
        var count = 0
        var j = 0
        while 4 * j * j < nSquared {
            // The i ≥ 0 with 4i² < n² − 4j² are 0 … largest: 2·largest + 1 values of i in the row.
            let bound = nSquared - 4 * j * j
            var largest = Int((Double(bound) / 4).squareRoot())
            while largest > 0, 4 * largest * largest >= bound { largest -= 1 }
            while 4 * (largest + 1) * (largest + 1) < bound { largest += 1 }
            count += (j == 0 ? 1 : 2) * (2 * largest + 1)
            j += 1
        }
        return count
    }

    /// The spacing h = 2/n of the finest lattice of this dimension with at most `limit` points
    /// (n ≥ 2; 1 when not even n = 2 fits). Starts from N ≈ n (1D) or πn²/4 (2D) and steps n down
    /// by counting (and up, if the estimate was low), so the answer is exact.
    func finestSpacing(withAtMost limit: Int) -> Double {
        var n = dimension == 1 ? limit + 1 : Int((4 * Double(limit) / Double.pi).squareRoot()) + 2
        n = max(2, n)
        while n > 2, Self.unknownCount(dimension: dimension, cells: n) > limit { n -= 1 }
        while Self.unknownCount(dimension: dimension, cells: n + 1) <= limit { n += 1 }
        return 2 / Double(n)
    }

    /// The points in the order the grids number them (j slowest, then i).
    func points() -> [SIMD2<Double>] {
        if dimension == 1 { return (1..<cells).map { SIMD2(-1 + spacing * Double($0), 0) } }
        let reach = (cells + 1) / 2
        var result: [SIMD2<Double>] = []
        for j in -reach...reach {
            for i in -reach...reach where 4 * (i * i + j * j) < cells * cells {
                result.append(spacing * SIMD2(Double(i), Double(j)))
            }
        }
        return result
    }

    /// The grid with these unknowns (its layer, one cell wide, plays no role for the references).
    func grid() -> Grid {
        do {
            return dimension == 1
                ? try Grid.interval(from: -1, to: 1, spacing: spacing, horizon: spacing)
                : try Grid.disk(radius: 1, spacing: spacing, horizon: spacing)
        } catch {
            preconditionFailure("a validated unit-ball lattice makes a grid: \(error)")
        }
    }
}
