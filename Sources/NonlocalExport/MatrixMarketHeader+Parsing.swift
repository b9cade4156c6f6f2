// MatrixMarketHeader+Parsing: reads and checks the banner, the comments before the size line, and the size line.

/// Where the header ends and what it declared.
struct MatrixMarketHeaderParse {
    var header: MatrixMarketHeader
    var comments: [String]
    /// The line number of the size line.
    var sizeLine: Int
    /// The first byte after the size line's `\n` (or the end of the file).
    var bodyStart: UnsafePointer<UInt8>
}

extension MatrixMarketHeader {
    /// Reads line 1 (the banner), then comment and blank lines, then the size line.
    /// - Throws: ``ExportError/invalidMatrixMarket(path:line:reason:)`` for the first problem.
    static func parse(_ text: MatrixMarketText) throws(ExportError) -> MatrixMarketHeaderParse {
        guard text.start < text.end else {
            throw text.error(
                line: 1, "the file is empty; expected the banner %%MatrixMarket matrix <format> <field> <symmetry>")
        }
        let bannerEnd = text.lineEnd(from: text.start)
        let words = text.tokens(from: text.start, to: bannerEnd)
        guard let first = words.first, MatrixMarketText.quote(first).lowercased() == "%%matrixmarket" else {
            throw missingBanner(text, firstWord: words.first)
        }
        guard words.count == 5 else {
            throw text.error(
                line: 1,
                "the banner has \(words.count) words, expected 5: %%MatrixMarket matrix <format> <field> <symmetry>")
        }
        let object = MatrixMarketText.quote(words[1])
        guard object.lowercased() == "matrix" else {
            throw text.error(line: 1, "unknown object '\(object)' in the banner; only 'matrix' is defined")
        }
        let formatWord = MatrixMarketText.quote(words[2])
        guard let format = Format(rawValue: formatWord.lowercased()) else {
            throw text.error(line: 1, "unknown format '\(formatWord)'; expected coordinate or array")
        }
        let fieldWord = MatrixMarketText.quote(words[3])
        guard let field = Field(rawValue: fieldWord.lowercased()) else {
            if fieldWord.lowercased() == "complex" {
                throw text.error(
                    line: 1, "complex matrices are not supported; the field must be real, integer or pattern")
            }
            throw text.error(line: 1, "unknown field '\(fieldWord)'; expected real, integer or pattern")
        }
        let symmetryWord = MatrixMarketText.quote(words[4])
        guard let symmetry = Symmetry(rawValue: symmetryWord.lowercased()) else {
            if symmetryWord.lowercased() == "hermitian" {
                throw text.error(
                    line: 1,
                    "hermitian matrices are not supported; the symmetry must be general, symmetric or skew-symmetric")
            }
            throw text.error(
                line: 1, "unknown symmetry '\(symmetryWord)'; expected general, symmetric or skew-symmetric")
        }
        if field == .pattern && format == .array {
            throw text.error(line: 1, "the pattern field needs the coordinate format; an array lists values")
        }
        if field == .pattern && symmetry == .skewSymmetric {
            throw text.error(line: 1, "a pattern matrix cannot be skew-symmetric (its entries are all 1)")
        }

        // Comment and blank lines, then the size line.
        var comments: [String] = []
        var line = 1
        var p = bannerEnd
        while true {
            guard p < text.end else {
                throw text.error(line: text.lastLine, "the file ends before the size line")
            }
            p += 1  // past the '\n'
            line += 1
            let lineEnd = text.lineEnd(from: p)
            let first = text.skipSpace(from: p)
            if first == lineEnd {
                if lineEnd == text.end, p == text.end {
                    throw text.error(line: text.lastLine, "the file ends before the size line")
                }
                p = lineEnd
                continue
            }
            if first.pointee == 0x25 {
                comments.append(text.comment(at: first, lineEnd: lineEnd))
                p = lineEnd
                continue
            }
            let numbers = text.tokens(from: first, to: lineEnd)
            let expected = format == .coordinate ? 3 : 2
            guard numbers.count == expected else {
                throw text.error(
                    line: line,
                    "the size line has \(numbers.count) numbers, expected \(expected): "
                        + (format == .coordinate ? "rows columns entries" : "rows columns"))
            }
            var sizes: [Int] = []
            for number in numbers {
                if let size = MatrixMarketNumberParser.unsigned(number.lowerBound, number.upperBound) {
                    sizes.append(size)
                } else if MatrixMarketNumberParser.isDigits(number.lowerBound, number.upperBound) {
                    throw text.error(line: line, "the size \(MatrixMarketText.quote(number)) is too large")
                } else if number.lowerBound.pointee == 0x2D,
                    MatrixMarketNumberParser.isDigits(number.lowerBound + 1, number.upperBound)
                {
                    throw text.error(
                        line: line, "the size line has the negative size \(MatrixMarketText.quote(number))")
                } else {
                    throw text.error(
                        line: line, "the size '\(MatrixMarketText.quote(number))' is not a non-negative integer")
                }
            }
            let rows = sizes[0]
            let columns = sizes[1]
            if symmetry != .general && rows != columns {
                throw text.error(
                    line: line,
                    "a \(symmetry.rawValue) matrix must be square, but the size line says \(rows) × \(columns)")
            }
            let entries: Int
            if format == .coordinate {
                entries = sizes[2]
            } else {
                let (dense, overflow) = rows.multipliedReportingOverflow(by: columns)
                guard !overflow, dense <= Int.max / 16 else {
                    throw text.error(line: line, "an array of \(rows) × \(columns) values is too large")
                }
                switch symmetry {
                case .general: entries = dense
                case .symmetric: entries = rows * (rows + 1) / 2
                case .skewSymmetric: entries = rows * (rows - 1) / 2
                }
            }
            let header = MatrixMarketHeader(
                format: format, field: field, symmetry: symmetry,
                rowCount: rows, columnCount: columns, entryCount: entries)
            let bodyStart = lineEnd < text.end ? lineEnd + 1 : lineEnd
            return MatrixMarketHeaderParse(header: header, comments: comments, sizeLine: line, bodyStart: bodyStart)
        }
    }

    /// The error for a line 1 that is not a banner: a misspelt banner, a banner further
    /// down (the format requires it first), or none at all.
    private static func missingBanner(_ text: MatrixMarketText, firstWord: Range<UnsafePointer<UInt8>>?) -> ExportError
    {
        if let firstWord, MatrixMarketText.quote(firstWord).hasPrefix("%%") {
            return text.error(
                line: 1, "the banner starts with '\(MatrixMarketText.quote(firstWord))' instead of %%MatrixMarket")
        }
        var line = 1
        var p = text.start
        while p < text.end {
            let lineEnd = text.lineEnd(from: p)
            if let word = text.tokens(from: p, to: lineEnd).first,
                MatrixMarketText.quote(word).lowercased() == "%%matrixmarket"
            {
                return text.error(line: 1, "the %%MatrixMarket banner is on line \(line); it must be the first line")
            }
            p = lineEnd < text.end ? lineEnd + 1 : lineEnd
            line += 1
        }
        return text.error(
            line: 1, "missing banner: the file must start with %%MatrixMarket matrix <format> <field> <symmetry>")
    }
}
