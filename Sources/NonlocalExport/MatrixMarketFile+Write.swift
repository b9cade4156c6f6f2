// MatrixMarketFile+Write: writes matrices and vectors as MatrixMarket files, atomically, formatting on every core.
import Foundation
import NonlocalFiles
import NonlocalLinearAlgebra

extension MatrixMarketFile {
    /// Entries formatted per block (about 0.8 MB of text): large enough that dispatching a
    /// block costs nothing next to formatting it, small enough that memory stays bounded
    /// (one round of blocks at a time) and progress is reported often.
    static let entriesPerBlock = 1 << 15

    /// Writes `matrix` as `%%MatrixMarket matrix coordinate real general|symmetric`.
    ///
    /// The file holds the banner, one `%` line per comment (`% ` followed by the text; an empty
    /// string gives a bare `%`), the size line `rows columns entries`, then one line
    /// `i j value` per stored entry, 1-based, in row-major order (rows ascending, columns
    /// ascending within a row). Values are written in the shortest decimal form that reads back
    /// to the same bits (`0.1`, `1e-300`, `5e-324`, `-0.0`), so ``read(from:)`` and
    /// `scipy.io.mmread` recover the matrix exactly. Explicitly stored zeros are written. The
    /// same arguments always give the same bytes, whatever the number of cores.
    ///
    /// The bytes go to a temporary file in the destination folder that is renamed to `path`
    /// only when complete (``AtomicFile``): if anything fails, including `progress`, neither
    /// `path` nor a temporary file is left behind, and an existing file at `path` is untouched.
    ///
    /// - Parameters:
    ///   - symmetry: `.symmetric` stores the lower triangle (row ≥ column) only; the matrix must
    ///     be square with `a_ij == a_ji` for every pair (a missing entry counts as 0).
    ///   - comments: metadata such as δ, h, s, α, κ and provenance, one line each.
    ///   - progress: called on the calling thread after each block of entries has been handed
    ///     to the operating system, with the number of entries written so far (the last call
    ///     reports them all; an empty matrix makes no call). Throwing from it abandons the
    ///     write and the error propagates unchanged: a command uses it to cancel, a test to
    ///     check that an interrupted write leaves nothing.
    /// - Throws: ``ExportError/unsupported(path:reason:)`` when a value is NaN or infinite, a
    ///   comment contains a line break, or `.symmetric` is asked for a matrix that is not
    ///   square and symmetric; ``ExportError/io(path:reason:)`` when the folder is missing or
    ///   the system refuses to write; whatever `progress` throws.
    public static func write(
        _ matrix: SparseMatrix, to path: String, symmetry: Symmetry = .general, comments: [String] = [],
        progress: ((_ entriesWritten: Int) throws(ExportError) -> Void)? = nil
    ) throws(ExportError) {
        try checkComments(comments, path: path)
        try checkFinite(matrix, path: path)
        let stored: SparseMatrix
        let bannerSymmetry: MatrixMarketHeader.Symmetry
        switch symmetry {
        case .general:
            stored = matrix
            bannerSymmetry = .general
        case .symmetric:
            try checkSymmetric(matrix, path: path)
            stored = matrix.lowerTriangle()
            bannerSymmetry = .symmetric
        }
        let header = MatrixMarketHeader(
            format: .coordinate, field: .real, symmetry: bannerSymmetry,
            rowCount: stored.rowCount, columnCount: stored.columnCount, entryCount: stored.nonzeroCount)
        let headerBytes = headerText(header, comments: comments)

        let bytesPerEntry =
            MatrixMarketByteStream.decimalLength(stored.rowCount)
            + MatrixMarketByteStream.decimalLength(stored.columnCount) + 3
            + MatrixMarketByteStream.maximumValueLength
        try AtomicFile.write(to: path) { (output) throws(ExportError) in
            try append(headerBytes, to: output)
            try appendConcurrently(
                entryCount: stored.nonzeroCount, bytesPerEntry: bytesPerEntry, to: output, progress: progress
            ) { entries, text in
                formatEntries(of: stored, entries, into: &text)
            }
        }
    }

    /// Formats `entryCount` entries (lines) by ``entriesPerBlock`` on every core and appends
    /// them to `output` in order, so the bytes do not depend on the number of cores.
    ///
    /// Each round formats up to four blocks per core concurrently; one more task of the same
    /// round hands the previous round's blocks to the kernel, so that copying them into the
    /// page cache overlaps the formatting (on two cores it was a third of the time, done
    /// alone), and then asks the kernel to start writing them to the device, which overlaps the
    /// final flush with the formatting too. Two sets of block buffers alternate and are reused
    /// from round to round: fresh memory would have to be zeroed by the kernel, which costs
    /// about as much as the formatting.
    /// - Parameters:
    ///   - bytesPerEntry: an upper bound on one line's length, to size the buffers.
    ///   - progress: as in ``write(_:to:symmetry:comments:progress:)``, called after each round
    ///     for the blocks it wrote.
    ///   - format: appends the lines of the entries in its range to the buffer.
    static func appendConcurrently(
        entryCount: Int, bytesPerEntry: Int, to output: OutputFile,
        progress: ((_ entriesWritten: Int) throws(ExportError) -> Void)?,
        format: @Sendable (Range<Int>, inout MatrixMarketByteStream) -> Void
    ) throws(ExportError) {
        let blockCount = (entryCount + entriesPerBlock - 1) / entriesPerBlock
        let blocksPerRound = Swift.min(4 * ProcessInfo.processInfo.activeProcessorCount, Swift.max(blockCount, 1))
        let buffers = (0..<2).map { _ in
            MatrixMarketConcurrentSlots(count: blocksPerRound, repeating: MatrixMarketByteStream(reservingCapacity: 0))
        }
        let writer = MatrixMarketBlockWriter(output: output)
        var written = 0  // blocks handed to the kernel
        var formatted = 0  // blocks formatted
        var round = 0
        while written < blockCount {
            let texts = buffers[round % 2]
            let previous = buffers[(round + 1) % 2]
            let toWrite = formatted - written
            let toFormat = Swift.min(blocksPerRound, blockCount - formatted)
            let firstToFormat = formatted
            // Task 0 writes (concurrentPerform hands out the first tasks first); the others format.
            let tasks = (toWrite > 0 ? 1 : 0) + toFormat
            DispatchQueue.concurrentPerform(iterations: tasks) { task in
                if toWrite > 0 && task == 0 {
                    writer.write(previous, count: toWrite)
                    return
                }
                let slot = toWrite > 0 ? task - 1 : task
                let start = (firstToFormat + slot) * entriesPerBlock
                let end = Swift.min(start + entriesPerBlock, entryCount)
                var text = texts.take(slot, leaving: MatrixMarketByteStream(reservingCapacity: 0))
                text.bytes.removeAll(keepingCapacity: true)
                text.bytes.reserveCapacity((end - start) * bytesPerEntry)
                format(start..<end, &text)
                texts[slot] = text
            }
            if let failure = writer.failure { throw ExportError(failure) }
            for block in written..<(written + toWrite) {
                try progress?(Swift.min((block + 1) * entriesPerBlock, entryCount))
            }
            written += toWrite
            formatted += toFormat
            round += 1
        }
    }

    /// Writes `vector` as `%%MatrixMarket matrix array real general` with size line `n 1`,
    /// then one value per line, shortest round-trip form; read it back with
    /// ``readVector(from:)``. Atomic like ``write(_:to:symmetry:comments:progress:)``.
    /// - Throws: ``ExportError/unsupported(path:reason:)`` for a NaN or infinite value or a
    ///   comment with a line break; ``ExportError/io(path:reason:)`` when writing fails.
    public static func write(vector: [Double], to path: String, comments: [String] = []) throws(ExportError) {
        try checkComments(comments, path: path)
        if let index = vector.firstIndex(where: { !$0.isFinite }) {
            throw .unsupported(
                path: path,
                reason: "vector entry \(index) (0-based) is \(vector[index]); MatrixMarket values must be finite")
        }
        let header = MatrixMarketHeader(
            format: .array, field: .real, symmetry: .general,
            rowCount: vector.count, columnCount: 1, entryCount: vector.count)
        var text = MatrixMarketByteStream(
            reservingCapacity: 256 + vector.count * (MatrixMarketByteStream.maximumValueLength + 1))
        text.append(contentsOf: headerText(header, comments: comments))
        for value in vector {
            text.appendValue(value)
            text.append(0x0A)
        }
        try AtomicFile.write(to: path) { (output) throws(ExportError) in
            try append(text.bytes, to: output)
        }
    }

    /// The banner, the comment lines and the size line, each ending in `\n`.
    static func headerText(_ header: MatrixMarketHeader, comments: [String]) -> [UInt8] {
        var text = MatrixMarketByteStream(reservingCapacity: 256)
        text.append(header.banner)
        text.append(0x0A)
        for comment in comments {
            text.append(comment.isEmpty ? "%" : "% " + comment)
            text.append(0x0A)
        }
        text.appendDecimal(header.rowCount)
        text.append(0x20)
        text.appendDecimal(header.columnCount)
        if header.format == .coordinate {
            text.append(0x20)
            text.appendDecimal(header.entryCount)
        }
        text.append(0x0A)
        return text.bytes
    }

    /// Appends the lines `i j value` of the stored entries `entries` (positions in `values`) of `matrix`.
    static func formatEntries(of matrix: SparseMatrix, _ entries: Range<Int>, into text: inout MatrixMarketByteStream) {
        guard !entries.isEmpty else { return }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: MatrixMarketLineBuffer.capacity) { scratch in
            var line = MatrixMarketLineBuffer(base: scratch.baseAddress!)
            var row = Self.row(holding: entries.lowerBound, in: matrix)
            var rowEnd = matrix.rowPointers[row + 1]
            line.appendDecimal(row + 1)
            line.append(0x20)
            var rowLength = line.count
            for k in entries {
                if k >= rowEnd {
                    while k >= rowEnd {
                        row += 1
                        rowEnd = matrix.rowPointers[row + 1]
                    }
                    line.truncate(to: 0)
                    line.appendDecimal(row + 1)
                    line.append(0x20)
                    rowLength = line.count
                }
                line.truncate(to: rowLength)
                line.appendDecimal(matrix.columnIndices[k] + 1)
                line.append(0x20)
                line.appendValue(matrix.values[k])
                line.append(0x0A)
                text.append(line)
            }
        }
    }

    /// Hands `bytes` to the operating system in one call (per GiB).
    static func append(_ bytes: [UInt8], to output: OutputFile) throws(ExportError) {
        do throws(FileError) { try output.write(bytes) } catch { throw ExportError(error) }
    }
}

/// The task of a formatting round that writes the previous round's blocks to the file.
///
/// It is `@unchecked Sendable` because the compiler cannot see what makes it sound: in each
/// round exactly one task uses it, and the thread that owns the file reads `failure` and
/// writes again only after `concurrentPerform` has returned.
final class MatrixMarketBlockWriter: @unchecked Sendable {
    let output: OutputFile
    /// The first write that failed; nothing is written after it.
    private(set) var failure: FileError?

    init(output: OutputFile) {
        self.output = output
    }

    /// Appends the first `count` blocks of `blocks` to the file, then starts their writeback.
    func write(_ blocks: MatrixMarketConcurrentSlots<MatrixMarketByteStream>, count: Int) {
        guard failure == nil else { return }
        do throws(FileError) {
            for slot in 0..<count { try output.write(blocks[slot].bytes) }
            output.startWriteback()
        } catch {
            failure = error
        }
    }
}
