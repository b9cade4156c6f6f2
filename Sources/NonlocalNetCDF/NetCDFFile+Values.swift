// NetCDFFile+Values: writing and reading variable values, whole or in blocks of rows.
internal import CNetCDF

extension NetCDFFile {
    /// Writes every value of variable `name`, in row-major order (last dimension fastest).
    ///
    /// Values are copied bit for bit, so the variable's type must be `T`'s ``NetCDFElement/netCDFType``.
    /// The corresponding C function is `nc_put_vara`.
    /// - Precondition: `values.count` is the variable's ``NetCDFVariable/count``.
    /// - Throws: ``NetCDFError/missingVariable(name:path:)``,
    ///   ``NetCDFError/typeMismatch(name:expected:found:path:)``.
    public func write<T: NetCDFElement>(_ values: [T], to name: String) throws(NetCDFError) {
        let (id, variable) = try variable(named: name, holding: T.self)
        precondition(
            values.count == variable.count,
            "variable '\(name)' of shape \(variable.shape) needs \(variable.count) values, got \(values.count)")
        try put(values, id: id, name: name, start: variable.shape.map { _ in 0 }, count: variable.shape)
    }

    /// Writes whole rows of variable `name` starting at row `firstRow`, so that large
    /// variables can be streamed in blocks.
    ///
    /// A row is one index of the first dimension; it holds the product of the other dimension
    /// lengths (1 for a one-dimensional variable). `values` holds consecutive rows, row-major.
    /// The corresponding C function is `nc_put_vara`.
    /// - Precondition: the variable has a dimension, `firstRow >= 0`, and `values.count` is a
    ///   multiple of the (non-zero) row length.
    /// - Throws: ``NetCDFError/missingVariable(name:path:)``,
    ///   ``NetCDFError/typeMismatch(name:expected:found:path:)``, or
    ///   ``NetCDFError/library(code:message:operation:path:)`` if the rows run past a fixed first dimension.
    public func write<T: NetCDFElement>(_ values: [T], to name: String, startingAtRow firstRow: Int) throws(NetCDFError) {
        let (id, variable) = try variable(named: name, holding: T.self)
        let rowLength = self.rowLength(of: variable)
        precondition(firstRow >= 0, "row index \(firstRow) of variable '\(name)' is negative")
        precondition(
            values.count % rowLength == 0,
            "variable '\(name)' has rows of \(rowLength) values; \(values.count) values are not whole rows")
        let start = [firstRow] + variable.shape.dropFirst().map { _ in 0 }
        try put(values, id: id, name: name, start: start, count: [values.count / rowLength] + variable.shape.dropFirst())
    }

    /// Every value of variable `name`, in row-major order (last dimension fastest).
    ///
    /// The corresponding C function is `nc_get_vara`.
    /// - Throws: ``NetCDFError/missingVariable(name:path:)``,
    ///   ``NetCDFError/typeMismatch(name:expected:found:path:)`` unless the variable stores `T`.
    public func read<T: NetCDFElement>(_ name: String, as type: T.Type = T.self) throws(NetCDFError) -> [T] {
        let (id, variable) = try variable(named: name, holding: T.self)
        return try get(id: id, name: name, start: variable.shape.map { _ in 0 }, count: variable.shape)
    }

    /// The values of `rows` of variable `name` (see ``write(_:to:startingAtRow:)``), row-major.
    ///
    /// The corresponding C function is `nc_get_vara`.
    /// - Precondition: the variable has a dimension and `rows` lies within its first dimension.
    /// - Throws: ``NetCDFError/missingVariable(name:path:)``,
    ///   ``NetCDFError/typeMismatch(name:expected:found:path:)`` unless the variable stores `T`.
    public func read<T: NetCDFElement>(_ name: String, rows: Range<Int>, as type: T.Type = T.self) throws(NetCDFError)
        -> [T]
    {
        let (id, variable) = try variable(named: name, holding: T.self)
        precondition(!variable.shape.isEmpty, "scalar variable '\(name)' has no rows")
        precondition(
            rows.lowerBound >= 0 && rows.upperBound <= variable.shape[0],
            "rows \(rows) lie outside variable '\(name)', which has \(variable.shape[0]) rows")
        let start = [rows.lowerBound] + variable.shape.dropFirst().map { _ in 0 }
        return try get(id: id, name: name, start: start, count: [rows.count] + variable.shape.dropFirst())
    }

    /// The id and description of variable `name` after checking it stores `T` values.
    private func variable<T: NetCDFElement>(named name: String, holding: T.Type) throws(NetCDFError)
        -> (id: Int32, variable: NetCDFVariable)
    {
        precondition(MemoryLayout<T>.size == T.netCDFType.byteCount, "\(T.self) does not have the layout of \(T.netCDFType)")
        let id = try variableID(name)
        let variable = try variable(id: id, name: name)
        guard variable.type == T.netCDFType else {
            throw .typeMismatch(name: name, expected: T.netCDFType, found: variable.type, path: path)
        }
        return (id, variable)
    }

    /// The number of values in one index of the first dimension of `variable`.
    private func rowLength(of variable: NetCDFVariable) -> Int {
        precondition(!variable.shape.isEmpty, "scalar variable '\(variable.name)' has no rows")
        let length = variable.shape.dropFirst().reduce(1, *)
        precondition(length > 0, "variable '\(variable.name)' of shape \(variable.shape) has empty rows")
        return length
    }

    private func put<T: NetCDFElement>(_ values: [T], id: Int32, name: String, start: [Int], count: [Int])
        throws(NetCDFError)
    {
        guard !values.isEmpty else { return }
        try enterDataMode()
        try call("nc_put_vara(\(name))") {
            values.withUnsafeBytes { nc_put_vara(ncid, id, start, count, $0.baseAddress) }
        }
    }

    private func get<T: NetCDFElement>(id: Int32, name: String, start: [Int], count: [Int]) throws(NetCDFError) -> [T] {
        try enterDataMode()
        return try readArray(count: count.reduce(1, *), "nc_get_vara(\(name))") {
            nc_get_vara(ncid, id, start, count, $0)
        }
    }
}
