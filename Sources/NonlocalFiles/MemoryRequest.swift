// MemoryRequest: the bytes a size taken from a file or a flag needs, in arithmetic that cannot overflow, refused before anything is allocated.

/// What a request built from untrusted sizes (a size line, a NetCDF dimension, `--samples`, a
/// grid's n) will allocate, and the one check every reader and generator makes before allocating.
///
/// Sizes are multiplied and added with ``product(_:)`` and ``sum(_:)``, which saturate at
/// `Int.max` instead of trapping, so a size whose byte count overflows is refused like any other
/// size that cannot fit. ``check(availableBytes:)`` compares the bytes with
/// ``SystemMemory/allocatableBytes()`` — the memory the kernel reports as available, lowered to
/// the room left under an address-space limit (`ulimit -v`) — and throws ``MemoryShortfall``
/// naming the request and both byte counts, in microseconds, instead of an allocation that
/// aborts the process or runs into the out-of-memory killer minutes later.
public struct MemoryRequest: Sendable, Equatable {
    /// The request in words, as the start of a sentence: "a 2,000,000,000 × 2,000,000,000 sparse matrix".
    public let what: String
    /// The bytes it allocates at its peak; `Int.max` when the count overflowed.
    public let bytes: Int

    public init(_ what: String, bytes: Int) {
        self.what = what
        self.bytes = bytes
    }

    /// The product of non-negative `factors`, or `Int.max` when it overflows.
    public static func product(_ factors: Int...) -> Int {
        var result = 1
        for factor in factors {
            precondition(factor >= 0, "a size is negative")
            let (next, overflow) = result.multipliedReportingOverflow(by: factor)
            if overflow { return factors.contains(0) ? 0 : Int.max }
            result = next
        }
        return result
    }

    /// The sum of non-negative `terms`, or `Int.max` when it overflows.
    public static func sum(_ terms: Int...) -> Int {
        var result = 0
        for term in terms {
            precondition(term >= 0, "a size is negative")
            let (next, overflow) = result.addingReportingOverflow(term)
            if overflow { return Int.max }
            result = next
        }
        return result
    }

    /// Throws unless ``bytes`` fit in `availableBytes`.
    /// - Parameter availableBytes: the budget; nil reads ``SystemMemory/allocatableBytes()``
    ///   (when the system does not say, only byte counts that overflowed are refused).
    /// - Throws: ``MemoryShortfall`` naming the request, its bytes and the bytes available.
    public func check(availableBytes: Int? = nil) throws(MemoryShortfall) {
        let available = availableBytes ?? SystemMemory.allocatableBytes() ?? Int.max - 1
        guard bytes > available else { return }
        throw MemoryShortfall(request: what, requiredBytes: bytes, availableBytes: available)
    }
}

/// A request refused because it needs more memory than the machine can give it.
public struct MemoryShortfall: Error, Equatable, Sendable, CustomStringConvertible {
    /// What was asked for (``MemoryRequest/what``).
    public let request: String
    /// Its bytes; `Int.max` when the count overflowed.
    public let requiredBytes: Int
    /// The bytes that were available.
    public let availableBytes: Int

    public init(request: String, requiredBytes: Int, availableBytes: Int) {
        self.request = request
        self.requiredBytes = requiredBytes
        self.availableBytes = availableBytes
    }

    /// "a 99,999,999,999-point periodic grid needs 1.6 TB (1,599,999,999,984 bytes), but only 23.1 GB are available; ask for fewer"
    public var description: String {
        let needed = requiredBytes == Int.max ? "more than \(Self.formatted(Int.max))" : Self.formatted(requiredBytes)
        return "\(request) needs \(needed), but only \(Self.formatted(availableBytes)) of memory are available"
    }

    /// "16.0 GB (16,000,000,008 bytes)": decimal units, then the exact count.
    static func formatted(_ bytes: Int) -> String {
        let units = ["bytes", "kB", "MB", "GB", "TB", "PB", "EB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        let digits = String(bytes)
        var grouped = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(character)
        }
        guard unit > 0 else { return "\(grouped) bytes" }
        let rounded = (value * 10).rounded() / 10
        return "\(rounded) \(units[unit]) (\(grouped) bytes)"
    }
}
