// Grid: a uniform lattice holding the unknowns Ω and, under a volume constraint, the interaction layer Ω_I.
import Foundation
import NonlocalFiles

/// Points x = origin + h·(i, j) of a uniform lattice (j = 0 in 1D).
///
/// - Periodic grids cover a period box of `shape` points per axis; every point is an unknown.
/// - Volume-constrained grids hold the unknowns Ω (lattice points inside the open domain) and
///   the interaction layer Ω_I: every lattice point outside Ω that the one-point stencil of
///   horizon δ reaches from Ω. Values on Ω_I are data (exterior values, zero by default).
///
/// Unknowns are numbered lexicographically (j slowest, then i), so a translation-invariant
/// stencil visits neighbours in increasing index order.
public struct Grid: Sendable {
    public enum Boundary: Sendable, Equatable {
        case periodic
        case volumeConstrained
    }

    public let dimension: Int
    public let spacing: Double
    public let boundary: Boundary
    public let origin: SIMD2<Double>
    /// The lattice indices of Ω, lexicographic.
    public let interior: [SIMD2<Int>]
    /// The lattice indices of Ω_I, lexicographic (empty when periodic).
    public let layer: [SIMD2<Int>]
    /// The coordinates of the unknowns, in the order of ``interior``.
    public let interiorCoordinates: [SIMD2<Double>]
    /// The coordinates of the layer points, in the order of ``layer``.
    public let layerCoordinates: [SIMD2<Double>]
    /// Periodic: points per axis (y = 1 in 1D). Volume-constrained: the interior bounding box size.
    public let shape: SIMD2<Int>
    /// The widest horizon whose stencil stays inside Ω ∪ Ω_I (infinite when periodic).
    public let layerWidth: Double
    /// Volume-constrained: slot (i − low.x) + (j − low.y)·width of a lattice index holds its
    /// interior number, or −1 − (its layer number), or `Int32.min` when the point is neither.
    private let slots: [Int32]
    private let low: SIMD2<Int>
    private let width: Int

    private init(
        dimension: Int, spacing: Double, boundary: Boundary, origin: SIMD2<Double>, interior: [SIMD2<Int>],
        layer: [SIMD2<Int>], shape: SIMD2<Int>, layerWidth: Double, slots: [Int32], low: SIMD2<Int>, width: Int
    ) {
        self.dimension = dimension
        self.spacing = spacing
        self.boundary = boundary
        self.origin = origin
        self.interior = interior
        self.layer = layer
        self.shape = shape
        self.layerWidth = layerWidth
        self.slots = slots
        self.low = low
        self.width = width
        let position = { (index: SIMD2<Int>) in origin + spacing * SIMD2<Double>(Double(index.x), Double(index.y)) }
        interiorCoordinates = interior.map(position)
        layerCoordinates = layer.map(position)
    }

    /// The bytes a grid of `points` lattice points (unknowns and layer) takes: 32 per point for
    /// its lattice index and coordinates, 5 per slot of the bounding box (`slots` and the layer
    /// marks), and 16 per unknown for the vectors every operator on it needs. Saturates at `Int.max`.
    static func memoryRequest(description: String, points: Int, box: Int, unknowns: Int) -> MemoryRequest {
        MemoryRequest(
            "grid \(description) (\(points) points)",
            bytes: MemoryRequest.sum(MemoryRequest.product(32, points), MemoryRequest.product(5, box), MemoryRequest.product(16, unknowns)))
    }

    /// Checks that a periodic grid of n^d points fits in memory, before anything is allocated.
    /// - Throws: ``GridError/insufficientMemory(_:)``.
    static func checkPeriodicFits(dimension: Int, points n: Int, length: Double) throws(GridError) {
        let count = MemoryRequest.product(n, dimension == 2 ? n : 1)
        let request = memoryRequest(description: "periodic:d=\(dimension),n=\(n)", points: count, box: 0, unknowns: count)
        do { try request.check() } catch { throw .insufficientMemory(error) }
        guard count <= Int(Int32.max) else { throw .tooManyPoints(count) }
    }

    /// A periodic grid of `shape` points per axis with spacing h (1D: `shape.y == 1`).
    public static func periodic(dimension: Int, points: Int, length: Double = 1) -> Grid {
        precondition(dimension == 1 || dimension == 2, "dimension must be 1 or 2")
        precondition(points >= 1 && length > 0, "a periodic grid needs points ≥ 1 and a positive length")
        let shape = SIMD2(points, dimension == 2 ? points : 1)
        var interior: [SIMD2<Int>] = []
        interior.reserveCapacity(shape.x * shape.y)
        for j in 0..<shape.y { for i in 0..<shape.x { interior.append(SIMD2(i, j)) } }
        return Grid(
            dimension: dimension, spacing: length / Double(points), boundary: .periodic, origin: .zero,
            interior: interior, layer: [], shape: shape, layerWidth: .infinity, slots: [], low: .zero, width: 0)
    }

    /// The open interval (a, b) with spacing h = (b − a)/n and a layer of width δ on each side.
    /// - Throws: ``GridError`` when (b − a)/h is not an integer ≥ 2 or δ < h.
    public static func interval(from a: Double, to b: Double, spacing h: Double, horizon delta: Double) throws(GridError) -> Grid {
        let cells = try cellCount(from: a, to: b, spacing: h, horizon: delta)
        return volumeConstrained(
            dimension: 1, spacing: h, horizon: delta, origin: SIMD2(a, 0),
            box: (SIMD2(1, 0), SIMD2(cells - 1, 0))) { _ in true }
    }

    /// The open square (a, b)² with spacing h and a layer of width δ.
    public static func square(from a: Double, to b: Double, spacing h: Double, horizon delta: Double) throws(GridError) -> Grid {
        let cells = try cellCount(from: a, to: b, spacing: h, horizon: delta, dimension: 2)
        return volumeConstrained(
            dimension: 2, spacing: h, horizon: delta, origin: SIMD2(a, a),
            box: (SIMD2(1, 1), SIMD2(cells - 1, cells - 1))) { _ in true }
    }

    /// The open disk |x| < R centred at the origin, with spacing h and a layer of width δ.
    public static func disk(radius: Double, spacing h: Double, horizon delta: Double) throws(GridError) -> Grid {
        _ = try cellCount(from: -radius, to: radius, spacing: h, horizon: delta, dimension: 2)
        let reach = Int((radius / h).rounded(.up))
        let limit = radius * radius
        return volumeConstrained(
            dimension: 2, spacing: h, horizon: delta, origin: .zero, box: (SIMD2(-reach, -reach), SIMD2(reach, reach))
        ) { x in (x * x).sum() < limit * (1 - 1e-12) }
    }

    public var interiorCount: Int { interior.count }
    public var layerCount: Int { layer.count }

    /// The cell volume h^d of the one-point quadrature.
    public var cellVolume: Double { dimension == 1 ? spacing : spacing * spacing }

    /// Whether every stencil of horizon δ from Ω stays inside Ω ∪ Ω_I (always, on periodic
    /// grids): the condition operators on this grid need; ``checkHorizon(_:)`` adds δ ≥ h.
    public func holdsStencil(ofHorizon delta: Double) -> Bool {
        delta <= layerWidth * (1 + 1e-10)
    }

    /// Checks that a kernel of horizon δ lives on this grid: δ ≥ h, so the one-point stencil
    /// has neighbours, and, under a volume constraint, δ ≤ the layer width, so every stencil
    /// stays inside Ω ∪ Ω_I. A relative tolerance of 1e-10 accepts δ = J·h and δ = width as
    /// computed in floating point. This is the one place the toolkit decides it.
    /// - Throws: ``GridError/horizonBelowSpacing(horizon:spacing:)`` or
    ///   ``GridError/horizonBeyondLayer(horizon:layerWidth:)``; ``GridError/insufficientMemory(_:)``
    ///   when the stencil and the assembled matrix cannot fit in the available memory.
    public func checkHorizon(_ delta: Double) throws(GridError) {
        guard delta.isFinite, delta >= spacing * (1 - 1e-10) else { throw .horizonBelowSpacing(horizon: delta, spacing: spacing) }
        guard holdsStencil(ofHorizon: delta) else { throw .horizonBeyondLayer(horizon: delta, layerWidth: layerWidth) }
        // A periodic grid holds any horizon: the stencil (δ = 1e300 from a model file) and the
        // sparse matrix, ≤ min(offsets + 1, n) entries of 16 bytes per row, must fit in memory.
        let stencil = Stencil.memoryRequest(dimension: dimension, spacing: spacing, horizon: delta)
        let offsets = Stencil.offsetBound(dimension: dimension, spacing: spacing, horizon: delta)
        let rowLength = offsets + 1 < Double(interiorCount) ? Int(offsets) + 1 : interiorCount
        let matrix = MemoryRequest.product(16, rowLength, interiorCount)
        let request = MemoryRequest(
            "an operator of horizon δ = \(delta) on \(interiorCount) unknowns of spacing h = \(spacing)",
            bytes: MemoryRequest.sum(stencil.bytes, stencil.bytes, matrix))
        do { try request.check() } catch { throw .insufficientMemory(error) }
        guard delta / spacing <= Stencil.maximumReach else { throw .stencilTooWide(horizon: delta, spacing: spacing) }
    }

    /// The coordinates origin + h·index.
    public func coordinates(of index: SIMD2<Int>) -> SIMD2<Double> {
        origin + spacing * SIMD2<Double>(Double(index.x), Double(index.y))
    }


    /// Where `index + offset` lands: its interior number (≥ 0), or −1 − its layer number.
    /// Periodic grids wrap any number of periods.
    @inline(__always)
    func neighbour(of index: SIMD2<Int>, offset: SIMD2<Int>) -> Int {
        let target = index &+ offset
        if boundary == .periodic {
            let i = ((target.x % shape.x) + shape.x) % shape.x
            let j = ((target.y % shape.y) + shape.y) % shape.y
            return i + j * shape.x
        }
        let slot = slots[(target.x - low.x) + (target.y - low.y) * width]
        precondition(slot != Int32.min, "stencil leaves Ω ∪ Ω_I: the kernel's horizon exceeds the layer width")
        return Int(slot)
    }

    private static func cellCount(
        from a: Double, to b: Double, spacing h: Double, horizon delta: Double, dimension: Int = 1
    ) throws(GridError) -> Int {
        guard a.isFinite, b.isFinite, b > a else { throw .emptyDomain(a, b) }
        guard h > 0, h.isFinite else { throw .nonPositiveSpacing(h) }
        guard delta.isFinite, delta >= h * (1 - 1e-10) else { throw .horizonBelowSpacing(horizon: delta, spacing: h) }
        let ratio = (b - a) / h
        // The bounding box with its layer, (b − a + 2δ)/h + 1 points per axis, in floating point:
        // h = 1e-9 or δ = 1e300 must be refused here, before an Int conversion or product can trap.
        let side = ((b - a + 2 * delta) / h).rounded(.up) + 1
        let box = dimension == 2 ? side * side : side
        let stencil = Stencil.memoryRequest(dimension: dimension, spacing: h, horizon: delta)
        let sizes = box < 9e18 / 64 ? Int(box) : Int.max
        let description = "with spacing h = \(h) and horizon δ = \(delta) on (\(a), \(b))\(dimension == 2 ? "²" : "")"
        let grid = memoryRequest(description: description, points: sizes, box: sizes, unknowns: sizes)
        do {
            try MemoryRequest(grid.what, bytes: MemoryRequest.sum(grid.bytes, stencil.bytes)).check()
        } catch { throw .insufficientMemory(error) }
        guard sizes <= Int(Int32.max) else { throw .tooManyPoints(sizes) }
        guard delta / h <= Stencil.maximumReach else { throw .stencilTooWide(horizon: delta, spacing: h) }
        let cells = Int(ratio.rounded())
        guard abs(ratio - Double(cells)) <= 1e-9 * ratio, cells >= 2 else {
            throw .spacingDoesNotDivide(length: b - a, spacing: h)
        }
        return cells
    }

    /// Ω = lattice points of `box` whose coordinates satisfy `inside`; Ω_I = the stencil neighbours outside Ω.
    private static func volumeConstrained(
        dimension: Int, spacing h: Double, horizon delta: Double, origin: SIMD2<Double>,
        box: (SIMD2<Int>, SIMD2<Int>), inside: (SIMD2<Double>) -> Bool
    ) -> Grid {
        let stencil = Stencil(dimension: dimension, spacing: h, horizon: delta)
        let reach = stencil.offsets.reduce(SIMD2<Int>.zero) { SIMD2(max($0.x, abs($1.x)), max($0.y, abs($1.y))) }
        let low = box.0 &- reach, high = box.1 &+ reach
        let width = high.x - low.x + 1, height = high.y - low.y + 1
        var slots = [Int32](repeating: Int32.min, count: width * height)
        func slot(_ index: SIMD2<Int>) -> Int { (index.x - low.x) + (index.y - low.y) * width }
        var interior: [SIMD2<Int>] = []
        for j in box.0.y...box.1.y {
            for i in box.0.x...box.1.x {
                let index = SIMD2(i, j)
                if inside(origin + h * SIMD2<Double>(Double(i), Double(j))) {
                    slots[slot(index)] = Int32(interior.count)
                    interior.append(index)
                }
            }
        }
        var isLayer = [Bool](repeating: false, count: width * height)
        for index in interior {
            for offset in stencil.offsets where slots[slot(index &+ offset)] < 0 { isLayer[slot(index &+ offset)] = true }
        }
        var layer: [SIMD2<Int>] = []
        for j in low.y...high.y {
            for i in low.x...high.x where isLayer[slot(SIMD2(i, j))] {
                slots[slot(SIMD2(i, j))] = -1 - Int32(layer.count)
                layer.append(SIMD2(i, j))
            }
        }
        return Grid(
            dimension: dimension, spacing: h, boundary: .volumeConstrained, origin: origin, interior: interior,
            layer: layer, shape: box.1 &- box.0 &+ 1, layerWidth: delta, slots: slots, low: low, width: width)
    }
}

/// A grid that cannot be built from the given numbers.
public enum GridError: Error, Equatable, CustomStringConvertible {
    case emptyDomain(Double, Double)
    case nonPositiveSpacing(Double)
    case horizonBelowSpacing(horizon: Double, spacing: Double)
    /// δ reaches beyond the interaction layer Ω_I that holds the exterior values.
    case horizonBeyondLayer(horizon: Double, layerWidth: Double)
    case spacingDoesNotDivide(length: Double, spacing: Double)
    case unsupportedDimension(Int)
    case tooFewPoints(Int)
    case invalidSpecification(String, reason: String)
    /// The grid, its stencil or an operator on it needs more memory than is available.
    case insufficientMemory(MemoryShortfall)
    /// More lattice points than the grid's 32-bit slot numbers hold (2³¹ − 1).
    case tooManyPoints(Int)
    /// δ/h beyond ``Stencil/maximumReach``: more stencil points than integer offsets can count.
    case stencilTooWide(horizon: Double, spacing: Double)

    /// "length/n = h′" for the whole n nearest length/h (at least 2), the spacing a user probably meant.
    static func nearestSpacing(length: Double, spacing h: Double) -> String {
        let ratio = length / h
        let n = ratio.isFinite && ratio < 1e15 ? Swift.max(2, Int(ratio.rounded())) : 2
        return "\(String(format: "%g", length))/\(n) = \(String(format: "%.6g", length / Double(n)))"
    }

    public var description: String {
        switch self {
        case .emptyDomain(let a, let b): "domain (\(a), \(b)) is empty; the upper end must exceed the lower"
        case .nonPositiveSpacing(let h): "grid spacing h = \(h) must be positive"
        case .horizonBelowSpacing(let delta, let h):
            "horizon δ = \(delta) is below the grid spacing h = \(h); the stencil would be empty — use δ ≥ h"
        case .horizonBeyondLayer(let delta, let width):
            "horizon δ = \(delta) exceeds the grid's interaction layer (width \(width)); use δ ≤ \(width) or a grid with a wider layer"
        case .spacingDoesNotDivide(let length, let h):
            "spacing h = \(h) does not divide the domain length \(length) into a whole number n ≥ 2 of cells (length/h = "
                + "\(String(format: "%.6g", length / h))); pick h = length/n, e.g. \(Self.nearestSpacing(length: length, spacing: h))"
        case .unsupportedDimension(let d): "dimension \(d) is not supported; use 1 or 2"
        case .tooFewPoints(let n): "a periodic grid needs at least one point per side (got \(n))"
        case .invalidSpecification(let text, let reason): "grid '\(text)': \(reason)"
        case .insufficientMemory(let shortfall): "\(shortfall); use a coarser grid or a smaller horizon"
        case .tooManyPoints(let count): "a grid of \(count) points is more than the 2³¹ − 1 a grid holds; use a coarser grid"
        case .stencilTooWide(let delta, let h):
            "horizon δ = \(delta) spans \(delta / h) spacings h = \(h), more than the 3·10⁹ a stencil holds; use a smaller horizon or a coarser grid"
        }
    }
}
