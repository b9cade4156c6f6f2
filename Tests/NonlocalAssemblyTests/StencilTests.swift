// Tests of the one-point quadrature stencil: which offsets it holds and the moments it computes.
import Foundation
import NonlocalAssembly
import NonlocalFiles
import NonlocalKernels
import Testing

@Suite struct StencilTests {
    @Test func horizonThatIsAMultipleOfTheSpacingIncludesTheLastNeighbour() {
        // 0.25/0.01 is 24.999999999999996 in floating point; the 25th neighbour must stay.
        let stencil = Stencil(dimension: 1, spacing: 0.01, horizon: 0.25)
        #expect(stencil.count == 50)
        #expect(stencil.offsets.map(\.x) == Array(-25...(-1)) + Array(1...25))
        // Lattice points of the disk of radius 3 (29) minus the origin.
        let disk = Stencil(dimension: 2, spacing: 0.1, horizon: 0.3)
        #expect(disk.count == 28)
        #expect(disk.offsets.allSatisfy { $0.x * $0.x + $0.y * $0.y <= 9 })
        // Radius classes |ξ|² ∈ {1, 2, 4, 5, 8, 9}.
        #expect(disk.classRadii.map { ($0 / 0.1 * $0 / 0.1).rounded() } == [1, 2, 4, 5, 8, 9])
    }

    @Test func horizonsBeyondMemoryAreRefusedBeforeTheStencilIsBuilt() throws {
        // δ = 1e300 read from a model file overflowed Int in Stencil.init (SIGILL); a periodic grid
        // holds any horizon, so checkHorizon is where it must be refused.
        #expect(Stencil.memoryRequest(dimension: 1, spacing: 0.01, horizon: 1e300).bytes == Int.max)
        #expect(Stencil.memoryRequest(dimension: 1, spacing: 0.01, horizon: 0.25).bytes == 51 * 64)
        let grid = Grid.periodic(dimension: 1, points: 100)
        for horizon in [1e300, 1e12] {
            #expect {
                try grid.checkHorizon(horizon)
            } throws: { error in
                guard case GridError.insufficientMemory(let shortfall) = error else { return false }
                return shortfall.request.contains("horizon δ = \(horizon)") && (error as? GridError)?.description.contains("smaller horizon") == true
            }
        }
        #expect(throws: Never.self) { try grid.checkHorizon(100) }
    }

    @Test func offsetsComeInLexicographicOrder() {
        let stencil = Stencil(dimension: 2, spacing: 1, horizon: 4)
        let linear = stencil.offsets.map { $0.y * 100 + $0.x }
        #expect(linear == linear.sorted())
        #expect(Set(stencil.offsets).count == stencil.count)
        #expect(stencil.offsets.allSatisfy { stencil.offsets.contains(0 &- $0) })
    }

    @Test func momentsOfAConstantKernelAreSumsOfSquares() {
        // K = 1 on r ≤ J h: second moment ½ Σ_{0<|j|≤J} (jh)² h = h³ J(J+1)(2J+1)/6.
        let h = 0.01, horizon = 0.25, J = 25.0
        let one = ClosureKernel(horizon: horizon, dimension: 1) { _ in 1 }
        let stencil = Stencil(kernel: one, spacing: h)
        #expect(abs(stencil.secondMoment(of: one) - h * h * h * J * (J + 1) * (2 * J + 1) / 6) <= 1e-15)
        #expect(abs(stencil.l1Norm(of: one) - 2 * J * h) <= 1e-15)
        let signed = ClosureKernel(horizon: horizon, dimension: 1) { r in r < 0.1 ? 1 : -1 }
        #expect(abs(stencil.integral(of: signed) - (2 * 9 - 2 * 16) * h) <= 1e-15)
        #expect(abs(stencil.l1Norm(of: signed) - 50 * h) <= 1e-15)
    }
}
