// NetCDFFile+Variables: defining variables (with optional deflate compression) and describing them.
internal import CNetCDF

extension NetCDFFile {
    /// Defines the variable `name` storing `type` values over `dimensions`.
    ///
    /// `dimensions` lists dimension names slowest-varying first (an empty list defines a
    /// scalar). With `deflateLevel` the values are compressed by zlib at that level (1 fastest,
    /// 9 smallest) after HDF5's byte-shuffle filter, which groups the bytes of equal
    /// significance and helps on numbers; chunk sizes are netCDF-C's defaults.
    ///
    /// The corresponding C functions are `nc_def_var` and `nc_def_var_deflate`.
    /// - Precondition: `deflateLevel` is in `1...9` and `dimensions` is not empty when it is given.
    /// - Throws: ``NetCDFError/missingDimension(name:path:)`` for an undefined dimension,
    ///   ``NetCDFError/library(code:message:operation:path:)`` e.g. if the name is taken.
    public func defineVariable(
        _ name: String, type: NetCDFType, dimensions: [String], deflateLevel: Int? = nil
    ) throws(NetCDFError) {
        if let deflateLevel {
            precondition((1...9).contains(deflateLevel), "deflate level must be in 1...9, got \(deflateLevel)")
            precondition(!dimensions.isEmpty, "scalar variable '\(name)' cannot be compressed")
        }
        let dimensionIDs = try dimensions.map { dimension throws(NetCDFError) in try dimensionID(dimension) }
        try enterDefineMode()
        var id: Int32 = 0
        try call("nc_def_var(\(name))") {
            nc_def_var(ncid, name, type.code, Int32(dimensionIDs.count), dimensionIDs, &id)
        }
        if let deflateLevel {
            try call("nc_def_var_deflate(\(name))") { nc_def_var_deflate(ncid, id, 1, 1, Int32(deflateLevel)) }
        }
    }

    /// The type, dimensions and shape of variable `name`.
    ///
    /// The corresponding C functions are `nc_inq_vartype`, `nc_inq_varndims` and `nc_inq_vardimid`.
    /// - Throws: ``NetCDFError/missingVariable(name:path:)``, or
    ///   ``NetCDFError/unsupportedType(name:code:path:)`` if its type is not a ``NetCDFType``.
    public func variable(named name: String) throws(NetCDFError) -> NetCDFVariable {
        try variable(id: variableID(name), name: name)
    }

    /// Whether the file has a variable called `name`. The corresponding C function is `nc_inq_varid`.
    public func hasVariable(_ name: String) -> Bool {
        var id: Int32 = 0
        return withNetCDF { nc_inq_varid(ncid, name, &id) } == NC_NOERR
    }

    /// The names of all variables, in the order they were defined.
    ///
    /// The corresponding C functions are `nc_inq_varids` and `nc_inq_varname`.
    public func variableNames() throws(NetCDFError) -> [String] {
        var count: Int32 = 0
        try call("nc_inq_varids") { nc_inq_varids(ncid, &count, nil) }
        let ids: [Int32] = try readArray(count: Int(count), "nc_inq_varids") {
            nc_inq_varids(ncid, nil, $0.assumingMemoryBound(to: Int32.self))
        }
        return try ids.map { id throws(NetCDFError) in
            try readName("nc_inq_varname(\(id))") { nc_inq_varname(ncid, id, $0) }
        }
    }

    /// The id of variable `name`. The corresponding C function is `nc_inq_varid`.
    func variableID(_ name: String) throws(NetCDFError) -> Int32 {
        var id: Int32 = 0
        let status = withNetCDF { nc_inq_varid(ncid, name, &id) }
        if status == NC_ENOTVAR { throw .missingVariable(name: name, path: path) }
        try check(status, "nc_inq_varid(\(name))")
        return id
    }

    /// The description of variable `id`, called `name`.
    func variable(id: Int32, name: String) throws(NetCDFError) -> NetCDFVariable {
        var code: nc_type = 0
        var rank: Int32 = 0
        try call("nc_inq_vartype(\(name))") { nc_inq_vartype(ncid, id, &code) }
        guard let type = NetCDFType(code: code) else { throw .unsupportedType(name: name, code: code, path: path) }
        try call("nc_inq_varndims(\(name))") { nc_inq_varndims(ncid, id, &rank) }
        let dimensionIDs: [Int32] = try readArray(count: Int(rank), "nc_inq_vardimid(\(name))") {
            nc_inq_vardimid(ncid, id, $0.assumingMemoryBound(to: Int32.self))
        }
        return NetCDFVariable(
            name: name, type: type,
            dimensions: try dimensionIDs.map { dimension throws(NetCDFError) in try dimensionName(id: dimension) },
            shape: try dimensionIDs.map { dimension throws(NetCDFError) in try dimensionLength(id: dimension) })
    }
}
