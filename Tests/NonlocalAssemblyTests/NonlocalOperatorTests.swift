// Tests of nonlocal operators against their periodic symbols, moment identities and their assembled matrices.
import Foundation
import NonlocalAssembly
import NonlocalKernels
import NonlocalLinearAlgebra
import NonlocalTestSupport
import Testing

/// max|a − b| / max|b|.
func relativeDifference(_ a: [Double], _ b: [Double]) -> Double {
    a.subtracting(b).maximumNorm / b.maximumNorm
}

@Suite struct NonlocalOperatorTests {
    /// (points, horizon) on the unit period: δ well below, just above and far above L/2.
    static let periodicCases: [(Int, Double)] = [(100, 0.25), (20, 0.6), (10, 2.3)]

    @Test(arguments: periodicCases)
    func periodicSymbol1D(points: Int, horizon: Double) {
        let grid = Grid.periodic(dimension: 1, points: points, length: 1)
        for (name, kernel) in TestKernels.all(horizon: horizon, dimension: 1) {
            let op = NonlocalOperator(kernel: kernel, grid: grid)
            for k in [1, 3] where k < points / 2 {
                let u = grid.interiorCoordinates.map { cos(2 * .pi * Double(k) * $0.x) }
                let sigma = op.stencil.symbol(of: kernel, wavenumber: SIMD2(Double(k), 0))
                let error = relativeDifference(op.apply(u), u.map { sigma * $0 })
                #expect(error <= 1e-12, "\(name), n = \(points), δ = \(horizon), k = \(k): \(error)")
            }
        }
    }

    @Test(arguments: [(40, 0.1), (12, 0.7)])
    func periodicSymbol2D(points: Int, horizon: Double) {
        let grid = Grid.periodic(dimension: 2, points: points, length: 1)
        for (name, kernel) in TestKernels.all(horizon: horizon, dimension: 2) {
            let op = NonlocalOperator(kernel: kernel, grid: grid)
            for k in [SIMD2<Double>(1, 0), SIMD2(2, 1)] {
                let u = grid.interiorCoordinates.map { cos(2 * .pi * ($0 * k).sum()) }
                let sigma = op.stencil.symbol(of: kernel, wavenumber: k)
                let error = relativeDifference(op.apply(u), u.map { sigma * $0 })
                #expect(error <= 1e-12, "\(name), k = \(k): \(error)")
            }
        }
    }

    @Test func momentIdentitiesHoldToRoundOff() throws {
        // L_K[|x|²] = −2·(second moment) and L_K[x] = 0 wherever every stencil neighbour carries
        // the function: everywhere when the layer holds it, far from the layer when it holds 0.
        let grids: [Grid] = [
            try .interval(from: -1, to: 1, spacing: 0.01, horizon: 0.25),
            try .square(from: 0, to: 1, spacing: 0.05, horizon: 0.2),
            try .disk(radius: 1, spacing: 0.05, horizon: 0.15),
        ]
        for grid in grids {
            for (name, kernel) in TestKernels.all(horizon: grid.layerWidth, dimension: grid.dimension) {
                let op = NonlocalOperator(kernel: kernel, grid: grid)
                let moment = op.stencil.secondMoment(of: kernel)
                let square = { (x: SIMD2<Double>) in (x * x).sum() }
                let onLayer = op.apply(grid.interiorCoordinates.map(square), exterior: grid.layerCoordinates.map(square))
                #expect(onLayer.allSatisfy { abs($0 + 2 * moment) <= 1e-11 * abs(moment) }, "\(name) \(grid.dimension)D")
                let linear = op.apply(grid.interiorCoordinates.map(\.x), exterior: grid.layerCoordinates.map(\.x))
                #expect(linear.maximumNorm <= 1e-12 * op.stencil.l1Norm(of: kernel), "\(name) \(grid.dimension)D")
                // Zero exterior data: the identity holds at points farther than δ from the layer.
                let zeroLayer = op.apply(grid.interiorCoordinates.map(square))
                let (inside, layer) = (grid.interiorCoordinates, grid.layerCoordinates)
                let far = inside.indices.filter { p in
                    layer.allSatisfy { ($0 - inside[p]).squared() > pow(grid.layerWidth * 1.001, 2) }
                }
                #expect(!far.isEmpty)
                #expect(far.allSatisfy { abs(zeroLayer[$0] + 2 * moment) <= 1e-11 * abs(moment) }, "\(name)")
            }
        }
    }

    static func gridsForAssembly() throws -> [(String, Grid)] {
        [
            ("periodic 1D", .periodic(dimension: 1, points: 101, length: 1)),
            ("periodic 1D wrapping twice", .periodic(dimension: 1, points: 9, length: 1)),
            ("periodic 2D", .periodic(dimension: 2, points: 23, length: 1)),
            ("interval", try .interval(from: -1, to: 1, spacing: 0.02, horizon: 0.3)),
            ("square", try .square(from: 0, to: 1, spacing: 0.05, horizon: 0.2)),
            ("disk", try .disk(radius: 1, spacing: 0.1, horizon: 0.3)),
        ]
    }

    @Test func assembledMatrixMatchesMatrixFreeApply() throws {
        var generator = SplitMix64(seed: 31)
        for (name, grid) in try Self.gridsForAssembly() {
            let horizon = grid.boundary == .periodic ? (grid.interiorCount == 9 ? 2.3 : 0.3) : grid.layerWidth
            for (kernelName, kernel) in TestKernels.all(horizon: horizon, dimension: grid.dimension) {
                let op = NonlocalOperator(kernel: kernel, grid: grid)
                let matrix = op.assemble()
                try matrix.validate()
                #expect(matrix.isSymmetric(relativeTolerance: 1e-15), "\(name), \(kernelName)")
                let v = generator.uniform(grid.interiorCount)
                let error = relativeDifference(matrix.multiply(v), op.apply(v))
                #expect(error <= 1e-13, "\(name), \(kernelName): \(error)")
                if grid.boundary == .periodic {
                    let rowSums = matrix.multiply([Double](repeating: 1, count: grid.interiorCount))
                    #expect(rowSums.maximumNorm <= 1e-13 * matrix.infinityNorm, "\(name), \(kernelName)")
                }
            }
        }
    }

    @Test func periodicStencilsWrappedManyTimesAssembleLikeTheMatrixFreeApply() throws {
        // Rows of more than 64 entries before merging (δ = 10 on 10 points: 200 offsets; δ = 2 on a
        // 6 × 6 period: ~450) are sorted by the O(k log k) branch; δ = 100 on 100 points took minutes
        // with insertion sort.
        var generator = SplitMix64(seed: 37)
        for (grid, horizon) in [(Grid.periodic(dimension: 1, points: 10), 10.0), (Grid.periodic(dimension: 2, points: 6), 2.0)] {
            for (kernelName, kernel) in TestKernels.all(horizon: horizon, dimension: grid.dimension) {
                let op = NonlocalOperator(kernel: kernel, grid: grid)
                #expect(op.stencil.count > 64)
                let matrix = op.assemble()
                try matrix.validate()
                #expect(matrix.nonzeroCount == grid.interiorCount * grid.interiorCount, "\(kernelName): every column is hit")
                let v = generator.uniform(grid.interiorCount)
                let error = relativeDifference(matrix.multiply(v), op.apply(v))
                #expect(error <= 1e-12, "d = \(grid.dimension), \(kernelName): \(error)")
            }
        }
    }

    @Test func exteriorDataEntersAsARightHandSide() throws {
        let grid = try Grid.square(from: 0, to: 1, spacing: 0.05, horizon: 0.15)
        let kernel = TestKernels.bernstein(order: 3, horizon: 0.15, dimension: 2, seed: 5)
        let op = NonlocalOperator(kernel: kernel, grid: grid)
        var generator = SplitMix64(seed: 6)
        let u = generator.uniform(grid.interiorCount), g = generator.uniform(grid.layerCount)
        // L_K[u; g] = A u − E g.
        let expected = op.assemble().multiply(u).subtracting(op.exteriorContribution(g))
        #expect(relativeDifference(op.apply(u, exterior: g), expected) <= 1e-13)
    }

    @Test func nonnegativeKernelsGivePositiveDefiniteMatricesStiffenedByTheLayer() throws {
        for grid in [try Grid.interval(from: 0, to: 1, spacing: 0.01, horizon: 0.1), try .disk(radius: 1, spacing: 0.05, horizon: 0.2)] {
            let kernel = TestKernels.bernstein(order: 4, horizon: grid.layerWidth, dimension: grid.dimension, seed: 9)
            let op = NonlocalOperator(kernel: kernel, grid: grid)
            let matrix = op.assemble()
            _ = try CholeskyFactorization(factorizing: matrix)
            // A_t = A + (t − 1)·diag(E·1) scales the layer's contribution by t: λ_min grows with t,
            // and t = 0 leaves rows that sum to zero (λ_min = 0, constants).
            let exterior = SparseMatrix.diagonal(op.exteriorDiagonal)
            var smallest: [Double] = []
            for t in [0.0, 0.5, 1, 2, 4] {
                let scaled = matrix.adding(exterior, scaledBy: t - 1)
                smallest.append(try SymmetricEigensolver(method: .dense).smallestEigenpairs(of: scaled, count: 1)[0].value)
            }
            #expect(abs(smallest[0]) <= 1e-9 * matrix.infinityNorm)
            #expect(zip(smallest, smallest.dropFirst()).allSatisfy { $0 < $1 }, "\(smallest)")
        }
    }
}

extension SIMD2<Double> {
    func squared() -> Double { (self * self).sum() }
}
