// GridSpecification: a grid as data — parsed from and printed as text (`interval:a=-1,b=1,h=0.01,delta=0.25`).
import Foundation

/// The recipe of a ``Grid``, with a canonical text form used on the command line and in files:
/// - `periodic:d=1,n=100,length=1` (d = 2: an n × n square of side `length`)
/// - `interval:a=-1,b=1,h=0.01,delta=0.25`
/// - `square:a=0,b=1,h=0.05,delta=0.2`
/// - `disk:r=1,h=0.05,delta=0.2`
public enum GridSpecification: Sendable, Equatable, Hashable, CustomStringConvertible {
    case periodic(dimension: Int, points: Int, length: Double)
    case interval(lower: Double, upper: Double, spacing: Double, horizon: Double)
    case square(lower: Double, upper: Double, spacing: Double, horizon: Double)
    case disk(radius: Double, spacing: Double, horizon: Double)

    /// Builds the grid. - Throws: ``GridError`` for inconsistent numbers.
    public func makeGrid() throws(GridError) -> Grid {
        switch self {
        case .periodic(let d, let n, let length):
            guard d == 1 || d == 2 else { throw .unsupportedDimension(d) }
            guard n >= 1 else { throw .tooFewPoints(n) }
            guard length > 0, length.isFinite else { throw .emptyDomain(0, length) }
            try Grid.checkPeriodicFits(dimension: d, points: n, length: length)
            return .periodic(dimension: d, points: n, length: length)
        case .interval(let a, let b, let h, let delta): return try .interval(from: a, to: b, spacing: h, horizon: delta)
        case .square(let a, let b, let h, let delta): return try .square(from: a, to: b, spacing: h, horizon: delta)
        case .disk(let r, let h, let delta): return try .disk(radius: r, spacing: h, horizon: delta)
        }
    }

    public var dimension: Int {
        switch self {
        case .periodic(let d, _, _): d
        case .interval: 1
        case .square, .disk: 2
        }
    }

    /// The same domain with spacing h/j (j ≥ 1): n·j points for a periodic grid.
    public func refined(by j: Int) -> GridSpecification {
        precondition(j >= 1, "a refinement divides the spacing by j ≥ 1")
        return switch self {
        case .periodic(let d, let n, let length): .periodic(dimension: d, points: n * j, length: length)
        case .interval(let a, let b, let h, let delta): .interval(lower: a, upper: b, spacing: h / Double(j), horizon: delta)
        case .square(let a, let b, let h, let delta): .square(lower: a, upper: b, spacing: h / Double(j), horizon: delta)
        case .disk(let r, let h, let delta): .disk(radius: r, spacing: h / Double(j), horizon: delta)
        }
    }

    public var isPeriodic: Bool { if case .periodic = self { true } else { false } }

    /// The grid spacing h.
    public var spacing: Double {
        switch self {
        case .periodic(_, let n, let length): length / Double(n)
        case .interval(_, _, let h, _), .square(_, _, let h, _), .disk(_, let h, _): h
        }
    }

    public var description: String {
        func number(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)" }
        switch self {
        case .periodic(let d, let n, let length): return "periodic:d=\(d),n=\(n),length=\(number(length))"
        case .interval(let a, let b, let h, let delta): return "interval:a=\(number(a)),b=\(number(b)),h=\(h),delta=\(delta)"
        case .square(let a, let b, let h, let delta): return "square:a=\(number(a)),b=\(number(b)),h=\(h),delta=\(delta)"
        case .disk(let r, let h, let delta): return "disk:r=\(number(r)),h=\(h),delta=\(delta)"
        }
    }

    /// Parses the text form (see the type's documentation).
    /// - Throws: ``GridError/invalidSpecification(_:reason:)`` naming what is wrong.
    public init(parsing text: String) throws(GridError) {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else {
            throw .invalidSpecification(text, reason: "expected KIND:key=value,… with KIND periodic, interval, square or disk")
        }
        var values: [String: Double] = [:]
        for pair in parts[1].split(separator: ",") {
            let keyValue = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard keyValue.count == 2, let value = Double(keyValue[1]) else {
                throw .invalidSpecification(text, reason: "'\(pair)' is not key=number")
            }
            guard value.isFinite else {
                throw .invalidSpecification(text, reason: "'\(keyValue[0])' is \(value); values must be finite")
            }
            guard values.updateValue(value, forKey: keyValue[0]) == nil else {
                throw .invalidSpecification(text, reason: "'\(keyValue[0])' is given twice")
            }
        }
        func take(_ keys: [String]) throws(GridError) -> [Double] {
            let unknown = Set(values.keys).subtracting(keys)
            guard unknown.isEmpty else {
                throw .invalidSpecification(text, reason: "unknown key '\(unknown.sorted()[0])'; \(parts[0]) takes \(keys.joined(separator: ", "))")
            }
            var result: [Double] = []
            for key in keys {
                guard let value = values[key] else {
                    throw .invalidSpecification(text, reason: "missing '\(key)'; \(parts[0]) takes \(keys.joined(separator: ", "))")
                }
                result.append(value)
            }
            return result
        }
        switch parts[0] {
        case "periodic":
            if values["length"] == nil { values["length"] = 1 }
            if values["d"] == nil { values["d"] = 1 }
            let v = try take(["d", "n", "length"])
            // Int(_: Double) traps beyond Int's range: a count read from a file must throw instead.
            // Sizes up to 2⁵³ convert exactly; whether they fit in memory is makeGrid()'s question.
            for (key, value) in zip(["d", "n"], v) {
                guard value == value.rounded() else {
                    throw .invalidSpecification(text, reason: "\(key) = \(value) is not a whole number")
                }
                guard abs(value) <= 0x1p53 else {
                    throw .invalidSpecification(text, reason: "\(key) = \(value) is too large")
                }
            }
            self = .periodic(dimension: Int(v[0]), points: Int(v[1]), length: v[2])
        case "interval":
            let v = try take(["a", "b", "h", "delta"])
            self = .interval(lower: v[0], upper: v[1], spacing: v[2], horizon: v[3])
        case "square":
            let v = try take(["a", "b", "h", "delta"])
            self = .square(lower: v[0], upper: v[1], spacing: v[2], horizon: v[3])
        case "disk":
            let v = try take(["r", "h", "delta"])
            self = .disk(radius: v[0], spacing: v[1], horizon: v[2])
        default:
            throw .invalidSpecification(text, reason: "unknown grid kind '\(parts[0])'; use periodic, interval, square or disk")
        }
    }
}
