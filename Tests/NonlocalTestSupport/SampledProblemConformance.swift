// checkSampledProblem: the SampledProblem contract (seeded, byte-identical, exact sample counts, finite data) for every generator.
import Foundation
import NonlocalAssembly
import NonlocalDataset
import NonlocalGenerators
import Testing

/// Checks a configured generator against the ``SampledProblem`` contract:
/// - the same seed gives the same dataset, byte for byte in the NetCDF file ``Dataset/write(to:)`` writes;
/// - another seed gives other samples (compared by value: the file records the seed, so its bytes
///   would differ even for a generator that ignored it);
/// - `samples = n` gives exactly n samples, for each n in `sampleCounts`;
/// - the data fit the grid (one row per unknown, one exterior row per layer point), every value
///   is finite, no sample of u is identically zero, and the evaluation mask selects a point.
/// Keep the problem small: it is generated `sampleCounts.count + 3` times.
public func checkSampledProblem(
    _ problem: some SampledProblem, sampleCounts: [Int] = [1, 3], sourceLocation: SourceLocation = #_sourceLocation
) throws {
    var problem = problem
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sampled-problem-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }

    let first = try problem.generate(report: { _ in })
    let again = try problem.generate(report: { _ in })
    let paths = [first, again].enumerated().map { folder.appendingPathComponent("\($0.offset).nc").path }
    try first.write(to: paths[0])
    try again.write(to: paths[1])
    let bytes = paths.map { FileManager.default.contents(atPath: $0) }
    #expect(
        bytes[0] != nil && bytes[0] == bytes[1], "seed \(problem.seed) gave two different files", sourceLocation: sourceLocation)

    let seed = problem.seed
    problem.seed = seed &+ 1
    let other = try problem.generate(report: { _ in })
    problem.seed = seed
    #expect(
        other.u != first.u && other.f != first.f, "seeds \(seed) and \(seed &+ 1) gave the same samples",
        sourceLocation: sourceLocation)

    for count in sampleCounts {
        problem.samples = count
        let data = try problem.generate(report: { _ in })
        #expect(
            data.sampleCount == count && data.f.columnCount == count, "asked for \(count) samples, got \(data.sampleCount)",
            sourceLocation: sourceLocation)
        #expect(
            data.exterior.map { $0.columnCount == count } ?? true, "exterior values for another sample count",
            sourceLocation: sourceLocation)
    }

    for data in [first, other] {
        let grid = try data.grid.makeGrid()
        #expect(
            data.pointCount == grid.interiorCount, "\(data.pointCount) rows on a grid of \(grid.interiorCount) unknowns",
            sourceLocation: sourceLocation)
        #expect(
            data.exterior.map { $0.rowCount == grid.layerCount } ?? true, "exterior rows differ from the layer",
            sourceLocation: sourceLocation)
        let values = data.u.storage + data.f.storage + (data.exterior?.storage ?? [])
        #expect(values.allSatisfy { $0.isFinite }, "a value is NaN or infinite", sourceLocation: sourceLocation)
        for s in 0..<data.sampleCount {
            #expect(data.u.column(s).contains { $0 != 0 }, "sample \(s) of u is zero", sourceLocation: sourceLocation)
        }
        #expect(data.evaluationMask.contains(true), "the evaluation mask is empty", sourceLocation: sourceLocation)
    }
}
