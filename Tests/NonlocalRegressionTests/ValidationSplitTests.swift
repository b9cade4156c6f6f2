// Tests of the train/validation split: seeded and shuffled, the same share of each family a generator recorded, the file's tail on request, or a separate file.
import NonlocalDataset
import NonlocalGenerators
import NonlocalLinearAlgebra
import NonlocalRegression
import Testing

@Suite struct ValidationSplitTests {
    static func configuration(seed: UInt64 = 1, shuffled: Bool = true) -> KernelRegression.Configuration {
        var configuration = KernelRegression.Configuration(horizon: 0.25, order: 2)
        (configuration.seed, configuration.shuffledSplit) = (seed, shuffled)
        return configuration
    }

    /// Which original sample each column of the regression's arranged data is (u's columns are distinct).
    static func origins(_ regression: KernelRegression, in data: Dataset) -> [Int] {
        let n = data.pointCount
        let columns = (0..<data.sampleCount).map { Array(data.u.storage[($0 * n)..<(($0 + 1) * n)]) }
        return (0..<regression.dataset.sampleCount).map { j in
            let column = Array(regression.dataset.u.storage[(j * n)..<((j + 1) * n)])
            return columns.firstIndex(of: column)!
        }
    }

    /// `--content high` writes 50 low-frequency samples, then 50 high-frequency ones (the `strata`
    /// parameter says so): the shuffled split holds out 10 of each, seeded; the tail split holds out
    /// the last 20, all high-frequency.
    @Test func theShuffledSplitDrawsTheSameShareOfEachFamily() throws {
        var problem = ManufacturedProblem()
        (problem.samples, problem.content) = (100, .high)
        let data = try problem.generate()
        #expect(data.strata?.map(\.name) == ["low-frequency", "high-frequency"])

        let regression = try KernelRegression(dataset: data, configuration: Self.configuration())
        let origin = Self.origins(regression, in: data)
        #expect(Set(origin).count == 100)
        let held = regression.validationSamples.map { origin[$0] }
        #expect(held.filter { $0 < 50 }.count == 10 && held.filter { $0 >= 50 }.count == 10)
        #expect(regression.splitDescription == "20 % shuffled (seed 1), the same share of each of low-frequency, high-frequency")
        #expect(held != Array(80..<100))

        let again = try KernelRegression(dataset: data, configuration: Self.configuration())
        #expect(Self.origins(again, in: data) == origin)
        let otherSeed = try KernelRegression(dataset: data, configuration: Self.configuration(seed: 2))
        #expect(Self.origins(otherSeed, in: data) != origin)

        let tail = try KernelRegression(dataset: data, configuration: Self.configuration(shuffled: false))
        #expect(Self.origins(tail, in: data) == Array(0..<100))
        #expect(tail.validationSamples == 80..<100 && tail.splitDescription == "the last 20 % of the file")
    }

    /// A separate validation file: every sample of the data trains, every one of the other validates;
    /// one on another grid is refused in one line.
    @Test func aSeparateValidationFileValidates() throws {
        var problem = ManufacturedProblem()
        problem.samples = 60
        let data = try problem.generate()
        problem.seed = 2
        problem.samples = 15
        let other = try problem.generate()
        let regression = try KernelRegression(dataset: data, configuration: Self.configuration(), validation: other)
        #expect(regression.trainingSamples == 0..<60 && regression.validationSamples == 60..<75)
        #expect(regression.splitDescription == "a separate file of 15 samples")
        let model = try regression.run()
        #expect(model.losses["validation"] != nil)
        #expect(model.validationSplit == "a separate file of 15 samples")

        problem.points = 50
        let elsewhere = try problem.generate()
        #expect(throws: RegressionError.self) { try KernelRegression(dataset: data, configuration: Self.configuration(), validation: elsewhere) }
    }
}
