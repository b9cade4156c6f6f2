// Tests of the one-line note for a learned model used on a spacing other than its training grid's.
import NonlocalAssembly
import NonlocalKernels
import NonlocalWorkflows
import Testing

@Suite struct TrainingGridCheckTests {
    static func model(quadrature: LatticeQuadrature?) -> KernelModel {
        KernelModel(
            family: .fractionalBernstein, dimension: 1, horizon: 0.5, nonnegativeCoefficients: [1], exponent: 2.5,
            quadrature: quadrature, trainingGrid: "interval:a=-1,b=1,h=0.01,delta=4.0", toolkitVersion: "test")
    }

    /// The same spacing says nothing; another spacing says the model's accuracy was measured
    /// elsewhere, and, for a one-point model only, that the kernel carries its grid's quadrature error.
    @Test func aModelOffItsTrainingGridIsReportedByItsQuadrature() throws {
        let same = try GridSpecification(parsing: "interval:a=-1,b=1,h=0.01,delta=0.5")
        let finer = try GridSpecification(parsing: "interval:a=-1,b=1,h=0.001,delta=0.5")
        #expect(TrainingGridCheck.warning(for: Self.model(quadrature: .product), modelPath: "m.json", on: same) == nil)
        for quadrature in [LatticeQuadrature.galerkin, .product] {
            let line = try #require(TrainingGridCheck.warning(for: Self.model(quadrature: quadrature), modelPath: "m.json", on: finer))
            #expect(line.contains("its \(quadrature.name) rule makes it the same operator on every grid") && !line.contains("quadrature error"))
        }
        for quadrature in [nil, LatticeQuadrature.onePoint] {
            let onePoint = try #require(TrainingGridCheck.warning(for: Self.model(quadrature: quadrature), modelPath: "m.json", on: finer))
            #expect(onePoint.contains("carries its training grid's quadrature error"))
        }
    }
}
