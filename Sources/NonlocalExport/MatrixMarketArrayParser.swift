// MatrixMarketArrayParser: reads the values of an array (dense, column-major) file, one per line.

enum MatrixMarketArrayParser {
    /// The values after the size line, in file order, and the comments between them.
    /// - Throws: ``ExportError/invalidMatrixMarket(path:line:reason:)`` for a bad value, a line
    ///   with more than one token, or a count that differs from the size line's.
    static func parse(_ text: MatrixMarketText, _ parse: MatrixMarketHeaderParse) throws(ExportError)
        -> (values: [Double], comments: [String])
    {
        let header = parse.header
        var values: [Double] = []
        values.reserveCapacity(Swift.min(header.entryCount, (text.end - parse.bodyStart) / 2 + 1))
        var comments: [String] = []
        var line = parse.sizeLine + 1
        var p = parse.bodyStart
        while p < text.end {
            let lineEnd = text.lineEnd(from: p)
            let first = text.skipSpace(from: p)
            if first < lineEnd {
                if first.pointee == 0x25 {
                    comments.append(text.comment(at: first, lineEnd: lineEnd))
                } else {
                    let tokens = text.tokens(from: first, to: lineEnd)
                    guard tokens.count == 1 else {
                        throw text.error(
                            line: line, "an array line has \(tokens.count) values, expected 1 (one value per line)")
                    }
                    guard values.count < header.entryCount else {
                        throw text.error(
                            line: line,
                            "value \(values.count + 1) is one more than the \(header.entryCount) the size line "
                                + "declares (\(header.rowCount) × \(header.columnCount) "
                                + "\(header.symmetry.rawValue) array)")
                    }
                    values.append(
                        try MatrixMarketCoordinateParser.number(
                            tokens[0].lowerBound, tokens[0].upperBound, field: header.field, text, line))
                }
            }
            p = lineEnd + 1
            line += 1
        }
        guard values.count == header.entryCount else {
            throw text.error(
                line: text.lastLine,
                "the file ends after \(values.count) of the \(header.entryCount) values the size line declares "
                    + "(\(header.rowCount) × \(header.columnCount) \(header.symmetry.rawValue) array)")
        }
        return (values, comments)
    }
}
