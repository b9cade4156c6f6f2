// Dataset: pairs (u_i, f_i) on a grid, the evaluation points X, and the provenance of how they were made.
import NonlocalAssembly
import NonlocalFiles
import NonlocalLinearAlgebra

/// Samples of a high-fidelity model, `f_i = L_HF[u_i]`, on the unknowns of a grid: the input
/// of the regression. Stored as NetCDF-4 (see ``write(to:)`` and ``read(from:)``).
public struct Dataset: Sendable {
    /// The problem that made the data ("manufactured", "darcy", …, or a user's name for theirs).
    public var problem: String
    public var grid: GridSpecification
    /// u on Ω: unknowns × samples (column i is sample i).
    public var u: DenseMatrix
    /// f on Ω: unknowns × samples.
    public var f: DenseMatrix
    /// u on the interaction layer Ω_I (layer points × samples); nil means zero exterior values.
    public var exterior: DenseMatrix?
    /// X ⊂ Ω: the unknowns where the loss (4.5) is evaluated.
    public var evaluationMask: [Bool]
    /// Every generator parameter, as text (written as `parameter_NAME` attributes).
    public var parameters: [String: String]
    /// The seed the samples were drawn with (nil for data from elsewhere).
    public var seed: UInt64?
    /// The toolkit version that wrote the file.
    public var toolkitVersion: String

    public init(
        problem: String, grid: GridSpecification, u: DenseMatrix, f: DenseMatrix, exterior: DenseMatrix? = nil,
        evaluationMask: [Bool], parameters: [String: String] = [:], seed: UInt64? = nil,
        toolkitVersion: String = NonlocalKitVersion.current
    ) {
        precondition(u.rowCount == f.rowCount && u.columnCount == f.columnCount, "u and f must have one shape")
        precondition(evaluationMask.count == u.rowCount, "the mask needs one entry per unknown")
        self.problem = problem
        self.grid = grid
        self.u = u
        self.f = f
        self.exterior = exterior
        self.evaluationMask = evaluationMask
        self.parameters = parameters
        self.seed = seed
        self.toolkitVersion = toolkitVersion
    }

    public var sampleCount: Int { u.columnCount }
    public var pointCount: Int { u.rowCount }

    /// s, when the data solve a fractional Laplacian (the generators record it as the `order`
    /// parameter of the `fractional` and `fractional-periodic` problems, and of data made from
    /// a fractional reference operator).
    public var fractionalOrder: Double? {
        guard problem.hasPrefix("fractional"), let text = parameters["order"], let s = Double(text), s > 0, s < 1 else { return nil }
        return s
    }

    /// The unknowns in X, ascending.
    public var evaluationPoints: [Int] { evaluationMask.indices.filter { evaluationMask[$0] } }

    /// The dataset with the samples at `indices`, in that order (a shuffled split).
    public func samples(at indices: [Int]) -> Dataset {
        func gather(_ m: DenseMatrix) -> DenseMatrix {
            var storage: [Double] = []
            storage.reserveCapacity(indices.count * m.rowCount)
            for index in indices { storage += m.storage[(index * m.rowCount)..<((index + 1) * m.rowCount)] }
            return DenseMatrix(rowCount: m.rowCount, columnCount: indices.count, storage: storage)
        }
        var copy = self
        copy.u = gather(u)
        copy.f = gather(f)
        copy.exterior = exterior.map(gather)
        return copy
    }

    /// The samples' strata, from the generator's `strata` parameter (`NAME:COUNT,NAME:COUNT`, the
    /// samples of each in one contiguous block, in order): one range per stratum, or nil when the
    /// parameter is absent or does not describe every sample exactly once.
    public var strata: [(name: String, samples: Range<Int>)]? {
        guard let text = parameters["strata"] else { return nil }
        var result: [(String, Range<Int>)] = []
        var start = 0
        for part in text.split(separator: ",") {
            let fields = part.split(separator: ":")
            guard fields.count == 2, let count = Int(fields[1]), count >= 0, count <= sampleCount - start else { return nil }
            result.append((String(fields[0]), start..<(start + count)))
            start += count
        }
        return start == sampleCount ? result : nil
    }

    /// This dataset's samples followed by `other`'s, which must be on the same grid and points.
    public func appending(_ other: Dataset) -> Dataset {
        precondition(other.pointCount == pointCount && (other.exterior == nil) == (exterior == nil), "appending needs the same points")
        func join(_ a: DenseMatrix, _ b: DenseMatrix) -> DenseMatrix {
            DenseMatrix(rowCount: a.rowCount, columnCount: a.columnCount + b.columnCount, storage: a.storage + b.storage)
        }
        var copy = self
        copy.u = join(u, other.u)
        copy.f = join(f, other.f)
        if let exterior, let outside = other.exterior { copy.exterior = join(exterior, outside) }
        return copy
    }

    /// The dataset restricted to the samples in `range` (a train/validation split).
    public func samples(_ range: Range<Int>) -> Dataset {
        func slice(_ m: DenseMatrix) -> DenseMatrix {
            DenseMatrix(
                rowCount: m.rowCount, columnCount: range.count,
                storage: Array(m.storage[(range.lowerBound * m.rowCount)..<(range.upperBound * m.rowCount)]))
        }
        var copy = self
        copy.u = slice(u)
        copy.f = slice(f)
        copy.exterior = exterior.map(slice)
        return copy
    }
}
