// NetCDFFile+Dimensions: defining named dimensions and looking up their lengths.
internal import CNetCDF

extension NetCDFFile {
    /// Defines the dimension `name` with `length` indices.
    ///
    /// netCDF has no fixed dimension of length 0: `length == 0` defines an *unlimited*
    /// dimension (`NC_UNLIMITED`), whose length is 0 until data is written along it. That is
    /// how empty arrays (a matrix without stored entries) are stored.
    ///
    /// The corresponding C function is `nc_def_dim`.
    /// - Precondition: `length >= 0`.
    /// - Throws: ``NetCDFError/library(code:message:operation:path:)``, e.g. if the name is taken
    ///   or the file is read-only.
    public func defineDimension(_ name: String, length: Int) throws(NetCDFError) {
        precondition(length >= 0, "dimension '\(name)' needs a length >= 0, got \(length)")
        try enterDefineMode()
        var id: Int32 = 0
        try call("nc_def_dim(\(name))") { nc_def_dim(ncid, name, length, &id) }
    }

    /// The current length of dimension `name`.
    ///
    /// The corresponding C function is `nc_inq_dimlen`.
    /// - Throws: ``NetCDFError/missingDimension(name:path:)`` if there is no such dimension.
    public func dimensionLength(_ name: String) throws(NetCDFError) -> Int {
        try dimensionLength(id: dimensionID(name))
    }

    /// The names of all dimensions, in the order they were defined.
    ///
    /// The corresponding C functions are `nc_inq_dimids` and `nc_inq_dimname`.
    public func dimensionNames() throws(NetCDFError) -> [String] {
        var count: Int32 = 0
        try call("nc_inq_dimids") { nc_inq_dimids(ncid, &count, nil, 0) }
        let ids: [Int32] = try readArray(count: Int(count), "nc_inq_dimids") {
            nc_inq_dimids(ncid, nil, $0.assumingMemoryBound(to: Int32.self), 0)
        }
        return try ids.map { id throws(NetCDFError) in try dimensionName(id: id) }
    }

    /// The id of dimension `name`. The corresponding C function is `nc_inq_dimid`.
    func dimensionID(_ name: String) throws(NetCDFError) -> Int32 {
        var id: Int32 = 0
        let status = withNetCDF { nc_inq_dimid(ncid, name, &id) }
        if status == NC_EBADDIM { throw .missingDimension(name: name, path: path) }
        try check(status, "nc_inq_dimid(\(name))")
        return id
    }

    /// The name of dimension `id`. The corresponding C function is `nc_inq_dimname`.
    func dimensionName(id: Int32) throws(NetCDFError) -> String {
        try readName("nc_inq_dimname(\(id))") { nc_inq_dimname(ncid, id, $0) }
    }

    /// The current length of dimension `id`. The corresponding C function is `nc_inq_dimlen`.
    func dimensionLength(id: Int32) throws(NetCDFError) -> Int {
        var length = 0
        try call("nc_inq_dimlen(\(id))") { nc_inq_dimlen(ncid, id, &length) }
        return length
    }
}
