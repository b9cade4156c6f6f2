// Benchmarks+Apply: `nonlocal bench apply` — the fractional references applied by FFT (interval and disk) against the dense product, ours and numpy's, and SciPy's FFT route.
import Foundation
import NonlocalLinearAlgebra
import NonlocalReferences

extension Benchmarks {
    /// One size: the median time of one product A x by each route, and the FFT apply's difference from the dense product.
    public struct ApplyRow: Sendable, Codable {
        public let level: Int
        public let unknowns: Int
        /// ``SymmetricToeplitzOperator`` in 1D, ``MaskedToeplitzOperator`` on the disk (FFTW), O(n log n).
        public let fftSeconds: Double
        /// The dense matrix–vector product (BLAS dgemv) where the matrix fits and n ≤ ``denseLimit``; nil otherwise.
        public let denseSeconds: Double?
        /// ‖A_fft x − A x‖/‖A x‖ against the dense product, where it ran.
        public let difference: Double?
        /// numpy's `A @ x` on the same dense matrix, and SciPy's FFT route in the same run: `scipy.linalg.matmul_toeplitz` in 1D,
        /// `scipy.signal.fftconvolve` of the points' box with the offset table on the disk (scatter and gather included); nil when skipped.
        public let numpyDenseSeconds: Double?
        public let scipyToeplitzSeconds: Double?
        /// The SciPy version that ran ("" when none did).
        public let scipyVersion: String
    }

    /// The largest n whose dense product is timed (a 16,383² matrix is 2.1 GB).
    public static let denseLimit = 16_383

    /// For each level (h = 2^−level), the `kind` reference of order s on the interval (d = 1) or the disk (d = 2,
    /// naive only) applied to a seeded random x.
    /// - Parameter python: a python3 with numpy and SciPy ≥ 1.6 for the competitor columns; nil skips them.
    public static func apply(
        levels: [Int], order: Double, kind: FractionalReference.Kind, dimension: Int = 1, python: String?,
        progress: @Sendable (String) -> Void = { _ in }
    ) throws -> [ApplyRow] {
        try levels.map { level in
            let reference = try FractionalReference(matrixFree: kind, order: order, dimension: dimension, spacing: pow(2, -Double(level)))
            let n = reference.unknownCount
            progress("h = 2^-\(level): n = \(n)")
            let op = reference.fastOperator()!
            var generator = SplitMix64(seed: UInt64(level))
            let x = generator.uniform(n)
            let (fast, fftSeconds) = medianTime { op.apply(x) }
            var denseSeconds: Double?, difference: Double?
            if n <= denseLimit, reference.denseMatricesFit(1) {
                let matrix = try reference.matrix()
                let (product, seconds) = medianTime { matrix.multiplied(by: x) }
                denseSeconds = seconds
                difference = fast.subtracting(product).euclideanNorm / product.euclideanNorm
            }
            let python = try python.flatMap { python in
                dimension == 1
                    ? try pythonTimes(python: python, column: reference.toeplitzColumn!, x: x, dense: denseSeconds != nil)
                    : try pythonDiskTimes(python: python, reference: reference, x: x, dense: denseSeconds != nil)
            }
            return ApplyRow(
                level: level, unknowns: n, fftSeconds: fftSeconds, denseSeconds: denseSeconds, difference: difference,
                numpyDenseSeconds: python?.dense, scipyToeplitzSeconds: python?.toeplitz, scipyVersion: python?.version ?? "")
        }
    }

    /// The median of several timed runs of `body` (at least 5, and until 0.5 s have passed, at most 200), after one warm-up run.
    static func medianTime<T>(_ body: () -> T) -> (T, Double) {
        var result = body()
        var times: [Double] = []
        var total = 0.0
        while times.count < 5 || (total < 0.5 && times.count < 200) {
            let (value, seconds) = timed { body() }
            result = value
            times.append(seconds)
            total += seconds
        }
        return (result, times.sorted()[times.count / 2])
    }

    /// On the disk, numpy's dense `A @ x` (when `dense`) and `scipy.signal.fftconvolve` of x, placed on the points' bounding
    /// box, with the (2L − 1)² table of entries by offset, read back at the points: SciPy's route to the same product.
    private static func pythonDiskTimes(python: String, reference: FractionalReference, x: [Double], dense: Bool) throws -> PythonTimes? {
        let points = reference.grid.interior
        let low = points.reduce(points[0]) { pointwiseMin($0, $1) }, high = points.reduce(points[0]) { pointwiseMax($0, $1) }
        let box = high &- low &+ 1
        // Entries for offsets (a, b), 0 ≤ a < L_x, 0 ≤ b < L_y, row-major with a fastest; mirrored in Python.
        let entry = reference.offsetEntries()!
        var table = [Double](repeating: 0, count: box.x * box.y)
        for b in 0..<box.y { for a in 0..<box.x { table[a + b * box.x] = entry(SIMD2(a, b)) } }
        let slots = points.map { Double(($0.x - low.x) + ($0.y - low.y) * box.x) }
        return try pythonMedians(python: python, arrays: [("table", table), ("slots", slots), ("x", x)], dense: dense) { folder in
            """
            import scipy.signal
            t = numpy.fromfile("\(folder)/table.f64").reshape(\(box.y), \(box.x))
            slots = numpy.fromfile("\(folder)/slots.f64").astype(numpy.int64)
            t = numpy.concatenate([t[:0:-1], t], axis=0); t = numpy.concatenate([t[:, :0:-1], t], axis=1)
            def fast():
                box = numpy.zeros(\(box.y * box.x)); box[slots] = x
                return scipy.signal.fftconvolve(box.reshape(\(box.y), \(box.x)), t, mode="same").ravel()[slots]
            def matrix():
                d = numpy.subtract.outer(slots % \(box.x), slots % \(box.x)); e = numpy.subtract.outer(slots // \(box.x), slots // \(box.x))
                a = t[e + \(box.y - 1), d + \(box.x - 1)]
                assert numpy.linalg.norm(a @ x - fast()) <= 1e-12 * numpy.linalg.norm(a @ x)
                return a
            """
        }
    }

    /// numpy's dense `A @ x` (when `dense`) and `scipy.linalg.matmul_toeplitz` on the same column and x.
    private static func pythonTimes(python: String, column: [Double], x: [Double], dense: Bool) throws -> PythonTimes? {
        try pythonMedians(python: python, arrays: [("column", column), ("x", x)], dense: dense) { folder in
            """
            import scipy.linalg
            c = numpy.fromfile("\(folder)/column.f64")
            def fast(): return scipy.linalg.matmul_toeplitz((c, c), x)
            def matrix(): return scipy.linalg.toeplitz(c)
            """
        }
    }

    /// SciPy's version, numpy's dense product (nil unless `dense`) and SciPy's FFT route, in seconds.
    private typealias PythonTimes = (version: String, dense: Double?, toeplitz: Double)

    /// Writes `arrays` as raw doubles into a temporary folder (`NAME.f64`; `x` must be among them) and runs `definitions(folder)`,
    /// which defines `fast()` (SciPy's FFT route) and `matrix()` (the dense A), timing `A @ x` (when `dense`) and `fast()`, each
    /// the median of the same repetitions as ``medianTime(_:)``. nil when `python` cannot run them.
    private static func pythonMedians(
        python: String, arrays: [(name: String, values: [Double])], dense: Bool, definitions: (String) -> String
    ) throws -> PythonTimes? {
        let folder = NSTemporaryDirectory() + "nonlocal-bench-apply-\(ProcessInfo.processInfo.processIdentifier)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for (name, values) in arrays {
            try values.withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: folder + "/\(name).f64")) }
        }
        let script = """
            import time, numpy, scipy
            x = numpy.fromfile("\(folder)/x.f64")
            def median(f):
                f(); times = []; total = 0.0
                while len(times) < 5 or (total < 0.5 and len(times) < 200):
                    t = time.perf_counter(); f(); d = time.perf_counter() - t; times.append(d); total += d
                return sorted(times)[len(times) // 2]
            \(definitions(folder))
            dense = "-"
            if \(dense ? "True" : "False"):
                a = matrix(); dense = median(lambda: a @ x); del a
            print(scipy.__version__, dense, median(fast))
            """
        guard let output = SciPyInterpreter.run(python: python, script: script) else { return nil }
        let fields = output.split(whereSeparator: \.isWhitespace).map(String.init)
        guard fields.count == 3, let toeplitz = Double(fields[2]) else { return nil }
        return (fields[0], Double(fields[1]), toeplitz)
    }
}
