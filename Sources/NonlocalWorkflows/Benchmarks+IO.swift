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
    /// MatrixMarket, NetCDF and PETSc binary, then SciPy's `mmwrite(precision=17)`/`mmread` on
    /// the same MatrixMarket file when `python` runs SciPy (the row names its version). Each time
    /// is the median of `repetitions` writes (or reads), ours and SciPy's alike, so one stall of a
    /// shared machine does not decide a ratio.
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
        func measure(_ label: String, _ path: String, write: () throws -> Void, read: () throws -> Void) throws {
            progress(label)
            func median(_ body: () throws -> Void) throws -> Double {
                let times = try (0..<repetitions).map { _ in try timed(body).1 }.sorted()
                return times[times.count / 2]
            }
            let writeSeconds = try median(write)
            let megabytes = Double(try FileSystem.size(of: path)) / 1e6
            let readSeconds = try median(read)
            rows.append(FileRow(label: label, nonzeros: matrix.nonzeroCount, megabytes: megabytes, writeSeconds: writeSeconds, readSeconds: readSeconds))
        }
        try measure("MatrixMarket (NonlocalKit)", mtx, write: { try MatrixMarketFile.write(matrix, to: mtx) }, read: { _ = try MatrixMarketFile.read(from: mtx) })
        try measure("NetCDF-4, deflated (NonlocalKit)", nc, write: { try OperatorFile(matrix: matrix).writeNetCDF(to: nc) }, read: { _ = try OperatorFile.readNetCDF(from: nc) })
        try measure("PETSc binary (NonlocalKit)", petsc, write: { try PETScBinaryFile.write(matrix: matrix, to: petsc) }, read: { _ = try PETScBinaryFile.readMatrix(from: petsc) })
        if let python {
            progress("SciPy mmwrite(precision=17) and mmread on the same matrix")
            if let row = try scipyRow(python: python, matrixMarket: mtx, output: scipy, nonzeros: matrix.nonzeroCount, repetitions: repetitions) {
                rows.append(row)
            } else {
                progress("SciPy row skipped: \(python) could not run scipy.io")
            }
        }
        return rows
    }

    /// SciPy's times on the same file, run by `python`; nil when it cannot run SciPy.
    private static func scipyRow(python: String, matrixMarket mtx: String, output: String, nonzeros: Int, repetitions: Int) throws -> FileRow? {
        let script = """
            import time, os, scipy, scipy.io
            a = scipy.io.mmread("\(mtx)").tocoo()
            def median(f):
                times = []
                for _ in range(\(repetitions)):
                    t = time.perf_counter(); f(); times.append(time.perf_counter() - t)
                return sorted(times)[len(times) // 2]
            w = median(lambda: scipy.io.mmwrite("\(output)", a, precision=17))
            size = os.path.getsize("\(output)") / 1e6
            r = median(lambda: scipy.io.mmread("\(output)"))
            print(scipy.__version__, size, w, r)
            """
        guard let output = SciPyInterpreter.run(python: python, script: script) else { return nil }
        let fields = output.split(whereSeparator: \.isWhitespace).map(String.init)
        let numbers = fields.dropFirst().compactMap { Double($0) }
        guard fields.count == 4, numbers.count == 3 else { return nil }
        return FileRow(label: "MatrixMarket (SciPy \(fields[0]))", nonzeros: nonzeros, megabytes: numbers[0], writeSeconds: numbers[1], readSeconds: numbers[2])
    }
}
