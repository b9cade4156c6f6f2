// MatrixMarketCoordinateParser: reads the entry lines of a coordinate file, in parallel over blocks of lines.
import Foundation

/// The entries of a block of lines of a coordinate file, 0-based, in file order.
///
/// Rows are stored run-length encoded: run `r` gives row `runRows[r]` to the entries
/// `runStarts[r] ..< runStarts[r + 1]` (the last run reaching `count`). Sorted files have
/// one run per row, so this costs a fraction of a row index per entry.
struct MatrixMarketCoordinateEntries {
    var runRows: [Int] = []
    var runStarts: [Int] = []
    var columns: [Int] = []
    var values: [Double] = []
    var comments: [String] = []
    /// Whether the entries are strictly increasing in (row, column): sorted and free of duplicates.
    var isSorted = true
    /// Set by a block parsed without exact line numbers when it met a problem; the caller
    /// then parses the whole body again serially to report it.
    var failed = false

    init(reservingCapacity capacity: Int) {
        columns.reserveCapacity(capacity)
        values.reserveCapacity(capacity)
    }

    var count: Int { values.count }

    /// The entries `runStarts[run] ..< (next run's start or count)`.
    func entries(ofRun run: Int) -> Range<Int> {
        runStarts[run]..<(run + 1 < runStarts.count ? runStarts[run + 1] : count)
    }

    @inline(__always) mutating func append(row: Int, column: Int, value: Double) {
        if runRows.last != row {
            runRows.append(row)
            runStarts.append(values.count)
        }
        columns.append(column)
        values.append(value)
    }

    /// Appends `other`, keeping `isSorted` exact across the seam.
    mutating func append(_ other: MatrixMarketCoordinateEntries) {
        if let lastRow = runRows.last, let lastColumn = columns.last, let nextRow = other.runRows.first,
            let nextColumn = other.columns.first, (nextRow, nextColumn) <= (lastRow, lastColumn)
        {
            isSorted = false
        }
        isSorted = isSorted && other.isSorted
        failed = failed || other.failed
        runRows.append(contentsOf: other.runRows)
        let offset = count
        runStarts.append(contentsOf: other.runStarts.lazy.map { $0 + offset })
        columns.append(contentsOf: other.columns)
        values.append(contentsOf: other.values)
        comments.append(contentsOf: other.comments)
    }
}

enum MatrixMarketCoordinateParser {
    /// Bodies smaller than this are parsed on one core: splitting would cost more than it saves.
    static let minimumBytesPerTask = 1 << 21

    /// Reads the lines after the size line: entries, comments and blank lines.
    ///
    /// Large bodies are cut at line breaks into one block per core and parsed concurrently;
    /// the blocks do not know their line numbers, so if any block fails, or the entry count
    /// differs from the size line, the whole body is parsed again on one core, which reports
    /// the first problem with its exact line.
    /// - Throws: ``ExportError/invalidMatrixMarket(path:line:reason:)``.
    static func parse(_ text: MatrixMarketText, _ parse: MatrixMarketHeaderParse) throws(ExportError)
        -> MatrixMarketCoordinateEntries
    {
        let header = parse.header
        let bodyBytes = text.end - parse.bodyStart
        let expectedEntries = Swift.min(header.entryCount, bodyBytes / 4 + 64)
        let tasks = matrixMarketTaskCount(work: bodyBytes, minimum: minimumBytesPerTask)
        if tasks > 1 {
            var cuts = [parse.bodyStart]
            for task in 1..<tasks {
                let target = Swift.max(parse.bodyStart + bodyBytes * task / tasks, cuts[task - 1])
                let lineEnd = text.lineEnd(from: target)
                cuts.append(lineEnd < text.end ? lineEnd + 1 : lineEnd)
            }
            cuts.append(text.end)
            let offsets = cuts.map { $0 - text.start }
            let blocks = MatrixMarketConcurrentSlots(
                count: tasks, repeating: MatrixMarketCoordinateEntries(reservingCapacity: 0))
            blocks.forEachConcurrently { task in
                let blockStart = text.start + offsets[task]
                let blockEnd = text.start + offsets[task + 1]
                // The first block holds room for all entries, so the others append without
                // reallocating. (A line has at least 4 bytes, so however many entries the size
                // line declares, nobody reserves more than the body's size allows.)
                let share = Double(blockEnd - blockStart) / Double(bodyBytes)
                let capacity =
                    task == 0 ? expectedEntries : Swift.min(expectedEntries, Int(Double(expectedEntries) * share) + 64)
                do {
                    blocks[task] = try lines(
                        text, from: blockStart, to: blockEnd, firstLine: 0, header: header, capacity: capacity)
                } catch {
                    var failed = MatrixMarketCoordinateEntries(reservingCapacity: 0)
                    failed.failed = true
                    blocks[task] = failed
                }
            }
            var entries = blocks.take(0, leaving: MatrixMarketCoordinateEntries(reservingCapacity: 0))
            for task in 1..<tasks {
                entries.append(blocks.take(task, leaving: MatrixMarketCoordinateEntries(reservingCapacity: 0)))
            }
            if !entries.failed && entries.count == header.entryCount { return entries }
        }
        let entries = try lines(
            text, from: parse.bodyStart, to: text.end, firstLine: parse.sizeLine + 1, header: header,
            capacity: expectedEntries)
        if entries.count < header.entryCount {
            throw text.error(
                line: text.lastLine,
                "the file ends after \(entries.count) of the \(header.entryCount) entries the size line declares"
            )
        }
        return entries
    }

    /// Parses the lines `[blockStart, blockEnd)`, which start at a line start, numbering the
    /// first one `firstLine`. Stops with an error at the first bad line, or at the entry that
    /// would exceed the size line's count.
    static func lines(
        _ text: MatrixMarketText, from blockStart: UnsafePointer<UInt8>, to blockEnd: UnsafePointer<UInt8>,
        firstLine: Int, header: MatrixMarketHeader, capacity: Int
    ) throws(ExportError) -> MatrixMarketCoordinateEntries {
        var entries = MatrixMarketCoordinateEntries(reservingCapacity: capacity)
        let rowCount = header.rowCount
        let columnCount = header.columnCount
        let expectedFields = header.field == .pattern ? 2 : 3
        let symmetry = header.symmetry
        let field = header.field
        var line = firstLine
        var previousRow = -1
        var previousColumn = -1
        var p = blockStart
        while p < blockEnd {
            // One line: its tokens, at most three kept.
            var first = p
            while first < blockEnd, MatrixMarketText.isSpace(first.pointee) { first += 1 }
            if first == blockEnd || first.pointee == 0x0A {  // blank
                p = first + 1
                line += 1
                continue
            }
            if first.pointee == 0x25 {  // comment
                let lineEnd = text.lineEnd(from: first)
                entries.comments.append(text.comment(at: first, lineEnd: lineEnd))
                p = lineEnd + 1
                line += 1
                continue
            }
            var tokenStart0 = first
            var tokenEnd0 = first
            var tokenStart1 = first
            var tokenEnd1 = first
            var tokenStart2 = first
            var tokenEnd2 = first
            var tokenCount = 0
            var q = first
            while true {
                while q < blockEnd, MatrixMarketText.isSpace(q.pointee) { q += 1 }
                if q == blockEnd || q.pointee == 0x0A { break }
                let tokenStart = q
                while q < blockEnd, !MatrixMarketText.endsToken(q.pointee) { q += 1 }
                switch tokenCount {
                case 0: (tokenStart0, tokenEnd0) = (tokenStart, q)
                case 1: (tokenStart1, tokenEnd1) = (tokenStart, q)
                case 2: (tokenStart2, tokenEnd2) = (tokenStart, q)
                default: break
                }
                tokenCount += 1
            }
            guard tokenCount == expectedFields else {
                throw text.error(line: line, fieldCountReason(tokenCount, field: field))
            }
            let row = try index(tokenStart0, tokenEnd0, "row", upTo: rowCount, text, line)
            let column = try index(tokenStart1, tokenEnd1, "column", upTo: columnCount, text, line)
            let value: Double
            if field == .pattern {
                value = 1
            } else {
                value = try number(tokenStart2, tokenEnd2, field: field, text, line)
            }
            if symmetry != .general {
                if column > row {
                    throw text.error(
                        line: line,
                        "entry (\(row + 1), \(column + 1)) is above the diagonal; a \(symmetry.rawValue) file "
                            + (symmetry == .symmetric
                                ? "lists only the lower triangle" : "lists only the strictly lower triangle"))
                }
                if symmetry == .skewSymmetric && column == row {
                    throw text.error(
                        line: line,
                        "entry (\(row + 1), \(column + 1)) is on the diagonal; a skew-symmetric file lists only "
                            + "the strictly lower triangle (its diagonal is zero)")
                }
            }
            guard entries.count < header.entryCount else {
                throw text.error(
                    line: line,
                    "entry \(entries.count + 1) is one more than the \(header.entryCount) the size line declares"
                )
            }
            if row < previousRow || (row == previousRow && column <= previousColumn) { entries.isSorted = false }
            previousRow = row
            previousColumn = column
            entries.append(row: row, column: column, value: value)
            p = q + 1
            line += 1
        }
        return entries
    }

    private static func fieldCountReason(_ count: Int, field: MatrixMarketHeader.Field) -> String {
        if field == .pattern {
            return count > 2
                ? "a pattern entry has \(count) fields, expected 2: row column (no value)"
                : "the entry has \(count) field, expected 2: row column"
        }
        switch count {
        case 1: return "the entry has 1 field, expected 3: row column value"
        case 2: return "the entry has 2 fields, expected 3: row column value (the value is missing)"
        default: return "the entry has \(count) fields, expected 3: row column value"
        }
    }

    /// A 1-based index token in `1...limit`, returned 0-based.
    @inline(__always)
    static func index(
        _ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, _ name: String, upTo limit: Int,
        _ text: MatrixMarketText, _ line: Int
    ) throws(ExportError) -> Int {
        if let value = MatrixMarketNumberParser.unsigned(start, end), value >= 1, value <= limit { return value - 1 }
        let token = MatrixMarketText.quote(start..<end)
        if MatrixMarketNumberParser.isDigits(start, end) {
            throw text.error(line: line, "the \(name) index \(token) is out of range 1…\(limit)")
        }
        throw text.error(line: line, "the \(name) index '\(token)' is not a positive integer")
    }

    /// A value token of a real or integer field.
    @inline(__always)
    static func number(
        _ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, field: MatrixMarketHeader.Field,
        _ text: MatrixMarketText, _ line: Int
    ) throws(ExportError) -> Double {
        let outcome =
            field == .integer
            ? MatrixMarketNumberParser.integer(start, end, terminated: end < text.end)
            : MatrixMarketNumberParser.real(start, end, terminated: end < text.end)
        switch outcome {
        case .value(let value):
            return value
        case .notANumber:
            throw text.error(line: line, "the value '\(MatrixMarketText.quote(start..<end))' is not a number")
        case .notFinite:
            throw text.error(line: line, "the value '\(MatrixMarketText.quote(start..<end))' is not finite")
        case .outOfRange:
            throw text.error(
                line: line,
                field == .integer
                    ? "the integer '\(MatrixMarketText.quote(start..<end))' does not fit in 64 bits"
                    : "the value '\(MatrixMarketText.quote(start..<end))' overflows a double (beyond ±1.8e308)")
        case .notInteger:
            throw text.error(
                line: line,
                "the value '\(MatrixMarketText.quote(start..<end))' is not an integer, as the integer field requires")
        }
    }
}
