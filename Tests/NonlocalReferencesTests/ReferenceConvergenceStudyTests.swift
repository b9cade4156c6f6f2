// Tests of ReferenceConvergenceStudy: the accurate 1D rows equal the independent numpy values, and orders are the log-ratios of the rows.
import Foundation
import NonlocalReferences
import Testing

@Suite struct ReferenceConvergenceStudyTests {
    @Test func accurateIntervalRowsMatchNumpyAndConvergeAtFirstOrder() throws {
        // s = ¾, mass-lumped P1, f = 1, nodal relative L2: numpy gives 1.337e-3, 7.016e-4, 3.622e-4 at h = 2⁻⁶, 2⁻⁷, 2⁻⁸
        // (measured 1.3365e-3, 7.0157e-4, 3.6220e-4; orders 0.930, 0.954, tending to 1: 0.990 at 2⁻¹² ).
        let study = try ReferenceConvergenceStudy.run(kind: .accurate, order: 0.75, dimension: 1, spacings: [0.015625, 0.0078125, 0.00390625])
        let oracle = [1.337e-03, 7.016e-04, 3.622e-04]
        #expect(study.rows.map(\.unknowns) == [127, 255, 511])
        for (row, expected) in zip(study.rows, oracle) {
            #expect(agrees(row.constantForcingError, expected, relative: 1e-3), "h = \(row.spacing): \(row.constantForcingError)")
            #expect(row.continuousConstantForcingError != nil)
        }
        for order in study.observedOrders {
            #expect(order.constantForcing >= 0.9 && order.constantForcing <= 1.1, "\(study.observedOrders)")
        }
    }

    @Test func ordersAreLogRatiosOfConsecutiveRows() throws {
        // Any spacings, not only halving: order = log(e₁/e₂)/log(h₁/h₂). The disk has no continuous column.
        let study = try ReferenceConvergenceStudy.run(kind: .naive, order: 0.5, dimension: 2, spacings: [0.25, 0.2, 0.125])
        #expect(study.rows.map(\.spacing) == [0.25, 0.2, 0.125] && study.observedOrders.count == 2)
        for (k, order) in study.observedOrders.enumerated() {
            let (coarse, fine) = (study.rows[k], study.rows[k + 1])
            let expected = log(coarse.exactPairError / fine.exactPairError) / log(coarse.spacing / fine.spacing)
            #expect(abs(order.exactPair - expected) <= 1e-12 && order.continuousConstantForcing == nil)
        }
        #expect(study.rows.allSatisfy { $0.continuousConstantForcingError == nil && $0.buildSeconds >= 0 && $0.solveSeconds >= 0 })
    }

    @Test func aRowThatCannotBeSolvedInMemoryStopsTheStudy() {
        // The solve holds A and its Cholesky factor: 2·8N² + 256N bytes. With 10⁶ bytes N = 193 (2⁻³ on the disk)
        // needs 645 k and fits; 2⁻⁴ (N = 793) does not, and says it needs 2 matrices.
        #expect(throws: Never.self) {
            _ = try ReferenceConvergenceStudy.run(kind: .naive, order: 0.5, dimension: 2, spacings: [0.125], availableBytes: 1_000_000)
        }
        #expect {
            _ = try ReferenceConvergenceStudy.run(kind: .naive, order: 0.5, dimension: 2, spacings: [0.125, 0.0625], availableBytes: 1_000_000)
        } throws: { error in
            guard let error = error as? ReferenceError, case .insufficientMemory(_, 793, 2, 1_000_000, _) = error else { return false }
            return true
        }
    }
}
