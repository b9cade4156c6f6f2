// Benchmarks+IO: write and read throughput of one large matrix in each format, beside SciPy's mmwrite/mmread in the same run.
import Foundation
import NonlocalExport
import NonlocalFiles
import NonlocalLinearAlgebra

extension Benchmarks {
    /// One format's file size and times.
    public struct FileRow: Sendable, Codable {
        public let label: String
        /// The matrix's stored entries (duplicates of the random pattern summed).
        public let nonzeros: Int
        public let megabytes: Double
        public let writeSeconds: Double
        public let readSeconds: Double
    }

    /// A random matrix of `nonzeros` entries (10 per row, seeded) written and read as
    /// MatrixMarket, NetCDF and PETSc binary, and by SciPy's `mmwrite(precision=17)`/`mmread`
    /// when `python` runs SciPy (the row names its version). Each time is the median of
    /// `repetitions` writes (or reads), ours and SciPy's alike, so one stall of a shared machine
    /// does not decide a ratio; SciPy's MatrixMarket reads alternate with ours
    /// (``SciPyMatrixMarketSession``), so that both medians come from the same stretch of time.
    /// - Returns: the rows; the SciPy row is last when it ran.
    public static func io(
        nonzeros: Int, python: String?, repetitions: Int = 3, progress: @Sendable (String) -> Void = { _ in }
    ) throws -> [FileRow] {
        precondition(nonzeros >= 10, "at least one row of 10 nonzeros")
        precondition(repetitions >= 1, "at least one repetition")
        let temporaryFolder = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        let folder = temporaryFolder + "/nonlocal-bench-io-\(ProcessInfo.processInfo.processIdentifier)"
        if !FileSystem.isFolder(folder) { try FileSystem.createFolder(folder) }
        let mtx = folder + "/a.mtx", nc = folder + "/a.nc", petsc = folder + "/a.petsc", scipy = folder + "/scipy.mtx"
        defer {
            for file in [mtx, nc, petsc, scipy] { try? FileSystem.removeFile(file) }
            try? FileSystem.removeFolder(folder)
        }
        progress("building a random \(nonzeros)-nonzero matrix")
        let n = nonzeros / 10
        var generator = SplitMix64(seed: 1)
        var builder = TripletBuilder(rowCount: n, columnCount: n, reservingCapacity: nonzeros)
        for row in 0..<n {
            for _ in 0..<10 { builder.append(row: row, column: generator.integer(in: 0...(n - 1)), value: generator.uniform(1)[0]) }
        }
        let matrix = builder.build()
        var rows: [FileRow] = []
        func median(_ times: [Double]) -> Double { times.sorted()[times.count / 2] }
        func times(_ body: () throws -> Void) throws -> [Double] { try (0..<repetitions).map { _ in try timed(body).1 } }
        func measure(_ label: String, _ path: String, write: () throws -> Void, read: () throws -> Void) throws {
            progress(label)
            let writeSeconds = median(try times(write))
            let megabytes = Double(try FileSystem.size(of: path)) / 1e6
            let readSeconds = median(try times(read))
            rows.append(FileRow(label: label, nonzeros: matrix.nonzeroCount, megabytes: megabytes, writeSeconds: writeSeconds, readSeconds: readSeconds))
        }

        // MatrixMarket, ours beside SciPy's. Reads come from the page cache and are bound by the
        // processor and memory, whose speed drifts over minutes here, so ours and SciPy's
        // alternate (and which goes first alternates too). Writes do not: right after SciPy's,
        // ours took 1.2 s against 0.6 s after our own, with SciPy's file already flushed, so
        // each side writes its repetitions in a stretch of its own, ours first.
        let session = try python.flatMap { python in
            progress("SciPy in \(python) reading the matrix")
            try MatrixMarketFile.write(matrix, to: mtx)
            return SciPyMatrixMarketSession(python: python, source: mtx, path: scipy)
        }
        if let python, session == nil { progress("SciPy row skipped: \(python) could not run scipy.io") }
        progress(session.map { "MatrixMarket (NonlocalKit) and SciPy \($0.version)'s mmwrite(precision=17) and mmread" } ?? "MatrixMarket (NonlocalKit)")
        let ourWrites = try times { try MatrixMarketFile.write(matrix, to: mtx) }
        let theirWrites = (0..<repetitions).compactMap { _ in session?.write() }
        var ourReads: [Double] = [], theirReads: [Double] = []
        for repetition in 0..<repetitions {
            let theirsFirst = repetition % 2 == 1
            if theirsFirst, let seconds = session?.read() { theirReads.append(seconds) }
            ourReads.append(try timed { _ = try MatrixMarketFile.read(from: mtx) }.1)
            if !theirsFirst, let seconds = session?.read() { theirReads.append(seconds) }
        }
        rows.append(
            FileRow(
                label: "MatrixMarket (NonlocalKit)", nonzeros: matrix.nonzeroCount, megabytes: Double(try FileSystem.size(of: mtx)) / 1e6,
                writeSeconds: median(ourWrites), readSeconds: median(ourReads)))
        try measure("NetCDF-4, deflated (NonlocalKit)", nc, write: { try OperatorFile(matrix: matrix).writeNetCDF(to: nc) }, read: { _ = try OperatorFile.readNetCDF(from: nc) })
        try measure("PETSc binary (NonlocalKit)", petsc, write: { try PETScBinaryFile.write(matrix: matrix, to: petsc) }, read: { _ = try PETScBinaryFile.readMatrix(from: petsc) })
        if let session {
            if theirWrites.count == repetitions, theirReads.count == repetitions, let bytes = theirWrites.last?.bytes {
                rows.append(
                    FileRow(
                        label: "MatrixMarket (SciPy \(session.version))", nonzeros: matrix.nonzeroCount,
                        megabytes: Double(bytes) / 1e6, writeSeconds: median(theirWrites.map(\.seconds)), readSeconds: median(theirReads)))
            } else {
                progress("SciPy row skipped: its python stopped answering")
            }
        }
        return rows
    }
}
