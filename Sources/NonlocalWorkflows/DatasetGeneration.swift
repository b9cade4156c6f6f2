// DatasetGeneration: `nonlocal generate` as a library call — run a generator and write its dataset file.
import NonlocalDataset
import NonlocalGenerators

/// Runs a high-fidelity generator and writes the dataset atomically.
public enum DatasetGeneration {
    public struct Outcome: Sendable {
        public let problem: String
        public let samples: Int
        public let grid: String
        public let evaluationPoints: Int
        /// Seconds to generate (the write excluded).
        public let seconds: Double
    }

    /// - Throws: ``GeneratorError`` for invalid parameters, ``DatasetError`` when writing fails.
    public static func run(_ problem: some SampledProblem, to path: String, progress: @escaping @Sendable (String) -> Void = { _ in }) throws -> Outcome {
        // Every flag is checked, and the dataset's size against the memory, before the first progress line.
        try problem.validate()
        progress("generating")
        let (data, seconds) = try timed { () throws(GeneratorError) in try problem.generate(report: progress) }
        progress("writing \(path)")
        try data.write(to: path)
        return Outcome(
            problem: data.problem, samples: data.sampleCount, grid: data.grid.description, evaluationPoints: data.evaluationPoints.count,
            seconds: seconds)
    }
}
