// MatrixMarketCoordinateParser: reads the entry lines of a coordinate file, in parallel over blocks of lines.
import Foundation

/// The entries of a coordinate file, 0-based, in file order.
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

    var count: Int { values.count }

    /// The entries `runStarts[run] ..< (next run's start or count)`.
    func entries(ofRun run: Int) -> Range<Int> {
        runStarts[run]..<(run + 1 < runStarts.count ? runStarts[run + 1] : count)
    }
}

/// What parsing a block of lines found besides the columns and values it stored.
struct MatrixMarketCoordinateBlock {
    /// The entries stored.
    var count = 0
    /// Runs of one row, `runStarts` counted from the block's first entry.
    var runRows: [Int] = []
    var runStarts: [Int] = []
    var comments: [String] = []
    /// Whether the block's own entries are strictly increasing in (row, column).
    var isSorted = true
    /// The first and last entries' positions (−1 when the block has none), to check the seams.
    var first = (row: -1, column: -1)
    var last = (row: -1, column: -1)
    /// Set by a block parsed without exact line numbers when it met a problem; the caller
    /// then parses the whole body again serially to report it.
    var failed = false
}

/// Room for `capacity` entries, where a block's parser stores columns and values in file order.
///
/// It is `@unchecked Sendable` because the compiler cannot see what makes it sound: each
/// concurrent task gets its own region (``region(from:capacity:)``) of arrays that outlive the
/// tasks, and nobody reads a region until `concurrentPerform` has returned.
struct MatrixMarketEntryStorage: @unchecked Sendable {
    let columns: UnsafeMutablePointer<Int>
    let values: UnsafeMutablePointer<Double>
    let capacity: Int

    /// The `capacity` entries from `offset`, which must lie inside this storage.
    func region(from offset: Int, capacity: Int) -> MatrixMarketEntryStorage {
        precondition(offset >= 0 && capacity >= 0 && offset + capacity <= self.capacity, "region outside the storage")
        return MatrixMarketEntryStorage(columns: columns + offset, values: values + offset, capacity: capacity)
    }

    /// Maps the storage's pages now, one system call per array, instead of one page fault per
    /// 4 KB page as the parse first writes them (`madvise(MADV_POPULATE_WRITE)`, Linux ≥ 5.14;
    /// on older kernels the call fails and the pages fault in as before). Only whole pages
    /// inside the storage are advised, so concurrent regions never advise each other's pages.
    ///
    /// The pages stay 4 KB. Asking for 2 MB ones (`MADV_HUGEPAGE`) made a process's later reads
    /// 0.01 s faster but its first one 0.1–0.2 s slower here: populating 160 MB of fresh huge
    /// pages took 0.13–0.29 s per task in a new process, against 0.02–0.04 s in 4 KB pages
    /// (`/proc/vmstat` showed no compaction stall: on this virtual machine fresh 2 MB blocks
    /// are slow to touch first). A command reads its file once.
    func populate() {
        #if os(Linux)
            let unit = Int(sysconf(Int32(_SC_PAGESIZE)))
            let arrays = [
                (UnsafeMutableRawPointer(columns), capacity * MemoryLayout<Int>.stride),
                (UnsafeMutableRawPointer(values), capacity * MemoryLayout<Double>.stride),
            ]
            for (base, bytes) in arrays {
                let first = (Int(bitPattern: base) + unit - 1) / unit * unit
                let last = (Int(bitPattern: base) + bytes) / unit * unit
                guard last > first, let start = UnsafeMutableRawPointer(bitPattern: first) else { continue }
                _ = madvise(start, last - first, MADV_POPULATE_WRITE)
            }
        #endif
    }

    /// Fresh arrays of `capacity` entries that `body` fills through the storage; they keep
    /// the first `count` it returns (each of them must have been stored). Filling the arrays'
    /// own memory in place avoids copying 16 bytes per entry from temporary buffers (and,
    /// parsed in parallel, makes the page faults of the fresh memory parallel too).
    static func arrays(capacity: Int, _ body: (MatrixMarketEntryStorage) -> Int) -> (columns: [Int], values: [Double]) {
        let capacity = Swift.max(capacity, 1)
        var values: [Double] = []
        let columns = [Int](unsafeUninitializedCapacity: capacity) { columnBuffer, columnCount in
            values = [Double](unsafeUninitializedCapacity: capacity) { valueBuffer, valueCount in
                let count = body(
                    MatrixMarketEntryStorage(
                        columns: columnBuffer.baseAddress!, values: valueBuffer.baseAddress!, capacity: capacity))
                precondition(count >= 0 && count <= capacity)
                valueCount = count
                columnCount = count
            }
        }
        return (columns, values)
    }
}

enum MatrixMarketCoordinateParser {
    private typealias Digits = MatrixMarketWordDigits

    /// Bodies smaller than this are parsed on one core: splitting would cost more than it saves.
    static let minimumBytesPerTask = 1 << 21

    /// Reads the lines after the size line: entries, comments and blank lines.
    ///
    /// Large bodies are cut at line breaks into one block per core. The lines of each block
    /// are counted first (a `memchr` pass): a block holds at most that many entries, so each
    /// block parses straight into its own region of the final arrays, and the regions are
    /// moved together afterwards only when comment or blank lines left gaps. The blocks do not
    /// know their line numbers, so if any block fails, or the entry count differs from the size
    /// line, the whole body is parsed again on one core, which reports the first problem with
    /// its exact line. A body with many more lines than the size line's entries (blank lines,
    /// long comments) is parsed on one core too, so that the regions never exceed the entries
    /// the size line declares by more than an eighth.
    /// - Throws: ``ExportError/invalidMatrixMarket(path:line:reason:)``.
    static func parse(_ text: MatrixMarketText, _ parse: MatrixMarketHeaderParse) throws(ExportError)
        -> MatrixMarketCoordinateEntries
    {
        let header = parse.header
        let bodyBytes = text.end - parse.bodyStart
        let tasks = matrixMarketTaskCount(work: bodyBytes, minimum: minimumBytesPerTask)
        if tasks > 1, let entries = concurrently(text, parse, tasks: tasks) { return entries }
        // A line has at least 4 bytes ("1 1" and its line break), so however many entries the
        // size line declares, the storage is bounded by the body's size.
        let capacity = Swift.min(header.entryCount, bodyBytes / 4 + 64)
        var block = MatrixMarketCoordinateBlock()
        var failure: ExportError? = nil
        let (columns, values) = MatrixMarketEntryStorage.arrays(capacity: capacity) { storage in
            do throws(ExportError) {
                block = try lines(
                    text, from: parse.bodyStart, to: text.end, firstLine: parse.sizeLine + 1, header: header,
                    into: storage)
            } catch {
                failure = error
            }
            return block.count
        }
        if let failure { throw failure }
        if block.count < header.entryCount {
            throw text.error(
                line: text.lastLine,
                "the file ends after \(block.count) of the \(header.entryCount) entries the size line declares"
            )
        }
        return MatrixMarketCoordinateEntries(
            runRows: block.runRows, runStarts: block.runStarts, columns: columns, values: values,
            comments: block.comments, isSorted: block.isSorted)
    }

    /// The entries of the body parsed in `tasks` blocks concurrently, or nil when the body
    /// must be parsed on one core (see ``parse(_:_:)``).
    private static func concurrently(_ text: MatrixMarketText, _ parse: MatrixMarketHeaderParse, tasks: Int)
        -> MatrixMarketCoordinateEntries?
    {
        let header = parse.header
        let bodyBytes = text.end - parse.bodyStart
        var cuts = [parse.bodyStart]
        for task in 1..<tasks {
            let target = Swift.max(parse.bodyStart + bodyBytes * task / tasks, cuts[task - 1])
            let lineEnd = text.lineEnd(from: target)
            cuts.append(lineEnd < text.end ? lineEnd + 1 : lineEnd)
        }
        cuts.append(text.end)
        let offsets = cuts.map { $0 - text.start }
        let lineCounts = MatrixMarketConcurrentSlots(count: tasks, repeating: 0)
        lineCounts.forEachConcurrently { task in
            lineCounts[task] = text.lineCount(from: text.start + offsets[task], to: text.start + offsets[task + 1])
        }
        var blockStarts = [0]
        for task in 0..<tasks { blockStarts.append(blockStarts[task] + lineCounts[task]) }
        let starts = blockStarts
        guard starts[tasks] <= header.entryCount + header.entryCount / 8 + 1024 else { return nil }

        let blocks = MatrixMarketConcurrentSlots(count: tasks, repeating: MatrixMarketCoordinateBlock())
        let (columns, values) = MatrixMarketEntryStorage.arrays(capacity: starts[tasks]) { storage in
            blocks.forEachConcurrently { task in
                do {
                    let region = storage.region(from: starts[task], capacity: lineCounts[task])
                    region.populate()
                    blocks[task] = try lines(
                        text, from: text.start + offsets[task], to: text.start + offsets[task + 1], firstLine: 0,
                        header: header, into: region)
                } catch {
                    blocks[task].failed = true
                }
            }
            // Close the gaps that comment and blank lines left between the regions.
            var count = 0
            for task in 0..<tasks {
                if blocks[task].failed { return 0 }
                if starts[task] != count {
                    memmove(
                        storage.columns + count, storage.columns + starts[task],
                        blocks[task].count * MemoryLayout<Int>.stride)
                    memmove(
                        storage.values + count, storage.values + starts[task],
                        blocks[task].count * MemoryLayout<Double>.stride)
                }
                count += blocks[task].count
            }
            return count
        }
        guard values.count == header.entryCount else { return nil }
        var entries = MatrixMarketCoordinateEntries(columns: columns, values: values)
        let runCount = (0..<tasks).reduce(0) { $0 + blocks[$1].runRows.count }
        entries.runRows.reserveCapacity(runCount)
        entries.runStarts.reserveCapacity(runCount)
        var count = 0
        var last = (row: -1, column: -1)
        for task in 0..<tasks {
            let block = blocks.take(task, leaving: MatrixMarketCoordinateBlock())
            if block.count > 0 && last.row >= 0 && (block.first.row, block.first.column) <= (last.row, last.column) {
                entries.isSorted = false
            }
            entries.isSorted = entries.isSorted && block.isSorted
            entries.runRows.append(contentsOf: block.runRows)
            // The block's run starts, counted from its first entry, shifted in place after a plain copy.
            let firstRun = entries.runStarts.count
            entries.runStarts.append(contentsOf: block.runStarts)
            entries.runStarts.withUnsafeMutableBufferPointer { starts in
                for run in firstRun..<starts.count { starts[run] &+= count }
            }
            entries.comments.append(contentsOf: block.comments)
            if block.count > 0 { last = block.last }
            count += block.count
        }
        return entries
    }

    /// Parses the lines `[blockStart, blockEnd)`, which start at a line start, numbering the
    /// first one `firstLine`, and stores the entries in `storage` in file order. Stops with an
    /// error at the first bad line, or at the entry that would exceed the size line's count.
    /// `storage` must hold the entries the block may list: at most its number of lines, and
    /// at most the size line's count.
    static func lines(
        _ text: MatrixMarketText, from blockStart: UnsafePointer<UInt8>, to blockEnd: UnsafePointer<UInt8>,
        firstLine: Int, header: MatrixMarketHeader, into storage: MatrixMarketEntryStorage
    ) throws(ExportError) -> MatrixMarketCoordinateBlock {
        var block = MatrixMarketCoordinateBlock()
        let rowCount = header.rowCount
        let columnCount = header.columnCount
        let entryLimit = Swift.min(header.entryCount, storage.capacity)
        let expectedFields = header.field == .pattern ? 2 : 3
        let symmetry = header.symmetry
        let field = header.field
        var line = firstLine
        var count = 0
        var previousRow = -1
        var previousColumn = -1
        var isSorted = true
        var p = blockStart
        // Lines shaped `row column value\n` with single spaces, as NonlocalKit, SciPy and most
        // writers write them, are read in one pass by `fastEntry`; any other line (comments,
        // tabs, CRLF, Fortran exponents, the integer field, an error) by the general code, and
        // so are the last lines of the file, where `fastEntry` could read past its end. The
        // line it accepts ends at the first `\n`, so inside the block.
        let fastPath = field != .integer
        var rowToken = RowToken()
        while p < blockEnd {
            let row: Int
            let column: Int
            let value: Double
            if fastPath, text.end - p >= fastEntryReach, let lineBreak = memchr(p, 0x0A, fastEntryReach),
                let entry = fastEntry(
                    p, rows: rowCount, columns: columnCount, pattern: field == .pattern, previousRow: &rowToken)
            {
                (row, column, value) = (entry.row, entry.column, entry.value)
                // The same address as entry.next, which ends at the line's first break; taken
                // from memchr so that finding the next line does not wait for this one's parse,
                // and the processor can read several lines at once.
                p = UnsafePointer(lineBreak.assumingMemoryBound(to: UInt8.self)) + 1
            } else {
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
                    block.comments.append(text.comment(at: first, lineEnd: lineEnd))
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
                row = try index(tokenStart0, tokenEnd0, "row", upTo: rowCount, text, line)
                column = try index(tokenStart1, tokenEnd1, "column", upTo: columnCount, text, line)
                if field == .pattern {
                    value = 1
                } else {
                    value = try number(tokenStart2, tokenEnd2, field: field, text, line)
                }
                p = q + 1
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
            guard count < header.entryCount else {
                throw text.error(
                    line: line,
                    "entry \(count + 1) is one more than the \(header.entryCount) the size line declares"
                )
            }
            // Holds by the caller's bound on the block's entries (the check above covers the size line's).
            precondition(count < entryLimit, "more entries than the storage the block was given")
            if row != previousRow {
                if row < previousRow { isSorted = false }
                block.runRows.append(row)
                block.runStarts.append(count)
            } else if column <= previousColumn {
                isSorted = false
            }
            if count == 0 { block.first = (row, column) }
            previousRow = row
            previousColumn = column
            storage.columns[count] = column
            storage.values[count] = value
            count += 1
            line += 1
        }
        block.count = count
        block.isSorted = isSorted
        block.last = (previousRow, previousColumn)
        return block
    }

    /// The bytes from a line's start that ``fastEntry(_:rows:columns:pattern:previousRow:)`` may read.
    static let fastEntryReach = 64

    /// The row token of the line before, `digits ` (its space included), as the first bytes
    /// of a word, when it fits in one: a line that starts with the same bytes has the same
    /// row, already checked, and its digits need not be read again. Sorted files list a row's
    /// entries one after another, so most lines do.
    struct RowToken {
        /// The token's bytes, and ones over them in `mask`; `bits` outside `mask` never matches.
        var bits: UInt64 = 1
        var mask: UInt64 = 0
        /// The token's digit count and its row.
        var digits = 0
        var row = 0
    }

    /// The entry of the line at `p` when it has exactly the shape `row column value\n` (or
    /// `row column\n` for a pattern file): indices of 1 to 8 digits within their limits, single
    /// spaces, a value ``MatrixMarketNumberParser/fastReal(_:)`` takes; its 0-based indices,
    /// value and the next line's start. Nil for any other line, which the general code then
    /// reads (and reports), so for the lines it accepts this gives exactly what the general
    /// code would. The ``fastEntryReach`` bytes from `p` must be readable (the line itself is
    /// shorter: it reads whole words past its end). `previousRow` is the row token of the last
    /// line it read, which it updates.
    @inline(__always)
    static func fastEntry(
        _ p: UnsafePointer<UInt8>, rows: Int, columns: Int, pattern: Bool, previousRow: inout RowToken
    ) -> (row: Int, column: Int, value: Double, next: UnsafePointer<UInt8>)? {
        let head = Digits.word(at: p)
        let row: Int
        let afterRow: UnsafePointer<UInt8>
        if head & previousRow.mask == previousRow.bits {
            (row, afterRow) = (previousRow.row, p + previousRow.digits)
        } else {
            guard let (index, end) = fastIndex(head, at: p, upTo: rows), end.pointee == 0x20 else { return nil }
            (row, afterRow) = (index, end)
            let digits = end - p
            let mask: UInt64 = digits < 7 ? (1 &<< UInt64(8 &* (digits &+ 1))) &- 1 : digits == 7 ? ~0 : 0
            previousRow = RowToken(bits: mask == 0 ? 1 : head & mask, mask: mask, digits: digits, row: row)
        }
        guard let (column, afterColumn) = fastIndex(Digits.word(at: afterRow + 1), at: afterRow + 1, upTo: columns)
        else { return nil }
        if pattern {
            guard afterColumn.pointee == 0x0A else { return nil }
            return (row, column, 1, afterColumn + 1)
        }
        guard afterColumn.pointee == 0x20, let (value, end) = MatrixMarketNumberParser.fastReal(afterColumn + 1)
        else { return nil }
        return (row, column, value, end + 1)
    }

    /// The 0-based index of the 1 to 8 digits that `word`, the bytes at `p`, starts with when
    /// it is in `1...limit`, and the address after them.
    @inline(__always)
    private static func fastIndex(_ word: UInt64, at p: UnsafePointer<UInt8>, upTo limit: Int)
        -> (Int, UnsafePointer<UInt8>)?
    {
        let count = Digits.leadingDigitCount(word)
        guard count > 0 else { return nil }
        let value = Int(Digits.digitsValue(word, count: count))
        guard value >= 1, value <= limit else { return nil }
        return (value - 1, p + count)
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
        case .notANumber where end == text.end:  // a download or copy cut short mid-number
            throw text.error(
                line: line, "the file ends inside the value '\(MatrixMarketText.quote(start..<end))': it looks cut short")
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
