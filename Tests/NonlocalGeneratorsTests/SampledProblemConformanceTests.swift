// Runs the SampledProblem conformance checker on every generator, each at a size that takes well under a second.
import NonlocalGenerators
import NonlocalTestSupport
import Testing

@Suite struct SampledProblemConformanceTests {
    @Test(arguments: ManufacturedProblem.Content.allCases)
    func manufactured(content: ManufacturedProblem.Content) throws {
        var problem = ManufacturedProblem()
        problem.content = content
        problem.points = 40
        problem.modes = 15
        problem.samples = 4
        // Two counts under content = high: one sample is all high-frequency, three split 1 + 2.
        try checkSampledProblem(problem, sampleCounts: [1, 3])
    }

    @Test func manufacturedFromTheContinuousSymbol() throws {
        var problem = ManufacturedProblem()
        problem.content = .high
        problem.forcing = .continuousSymbol
        problem.points = 40
        problem.modes = 15
        problem.samples = 4
        try checkSampledProblem(problem)
    }

    @Test func biharmonic() throws {
        var problem = BiharmonicProblem()
        problem.points = 40
        problem.modes = 19
        problem.samples = 4
        try checkSampledProblem(problem)
    }

    @Test func darcy() throws {
        var problem = DarcyProblem()
        problem.length = 2
        problem.elementsPerCell = 4
        problem.learningPoints = 40
        problem.minimumWavelength = 0.5
        problem.samples = 4
        try checkSampledProblem(problem)
    }

    @Test(arguments: [1, 2])
    func fractional(dimension: Int) throws {
        var problem = FractionalProblem()
        problem.dimension = dimension
        problem.spacing = dimension == 1 ? 0.05 : 0.2
        problem.layerWidth = dimension == 1 ? 0.25 : 0.4
        problem.modes = dimension == 1 ? 10 : 3
        problem.samples = 4
        try checkSampledProblem(problem)
    }

    @Test(arguments: [1, 2])
    func periodicFractional(dimension: Int) throws {
        var problem = PeriodicFractionalProblem()
        problem.dimension = dimension
        problem.points = dimension == 1 ? 32 : 12
        problem.modes = dimension == 1 ? 10 : 4
        problem.samples = 4
        try checkSampledProblem(problem)
    }
}
