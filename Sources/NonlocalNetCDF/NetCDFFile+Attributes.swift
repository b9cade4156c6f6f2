// NetCDFFile+Attributes: global and per-variable attributes — text and numbers — written and read back typed.
internal import CNetCDF

extension NetCDFFile {
    /// Sets the text attribute `name` of `variable` (a global attribute when `nil`), stored as
    /// UTF-8 bytes of type ``NetCDFType/char``.
    ///
    /// The corresponding C function is `nc_put_att_text`.
    /// - Throws: ``NetCDFError/missingVariable(name:path:)``,
    ///   ``NetCDFError/library(code:message:operation:path:)`` e.g. for a read-only file.
    public func setAttribute(_ name: String, _ text: String, variable: String? = nil) throws(NetCDFError) {
        let owner = try attributeOwner(variable)
        try enterDefineMode()
        try call("nc_put_att_text(\(cdlName(name, variable)))") {
            text.utf8CString.withUnsafeBufferPointer { nc_put_att_text(ncid, owner, name, $0.count - 1, $0.baseAddress) }
        }
    }

    /// Sets the numeric attribute `name` of `variable` (a global attribute when `nil`) to
    /// `values`, stored as `T`'s ``NetCDFElement/netCDFType``.
    ///
    /// The corresponding C function is `nc_put_att`.
    /// - Throws: ``NetCDFError/missingVariable(name:path:)``,
    ///   ``NetCDFError/library(code:message:operation:path:)`` e.g. for a read-only file.
    public func setAttribute<T: NetCDFElement>(_ name: String, _ values: [T], variable: String? = nil)
        throws(NetCDFError)
    {
        precondition(MemoryLayout<T>.size == T.netCDFType.byteCount, "\(T.self) does not have the layout of \(T.netCDFType)")
        let owner = try attributeOwner(variable)
        try enterDefineMode()
        try call("nc_put_att(\(cdlName(name, variable)))") {
            values.withUnsafeBytes { nc_put_att(ncid, owner, name, T.netCDFType.code, values.count, $0.baseAddress) }
        }
    }

    /// Sets the attribute `name` of `variable` (a global attribute when `nil`) to the single `value`.
    ///
    /// The corresponding C function is `nc_put_att`.
    public func setAttribute<T: NetCDFElement>(_ name: String, _ value: T, variable: String? = nil) throws(NetCDFError) {
        try setAttribute(name, [value], variable: variable)
    }

    /// The text attribute `name` of `variable` (a global attribute when `nil`), decoded as UTF-8.
    ///
    /// The corresponding C functions are `nc_inq_att` and `nc_get_att`.
    /// - Throws: ``NetCDFError/missingAttribute(name:path:)``, ``NetCDFError/missingVariable(name:path:)``,
    ///   ``NetCDFError/typeMismatch(name:expected:found:path:)`` unless it is a ``NetCDFType/char`` attribute.
    public func attribute(_ name: String, variable: String? = nil, as type: String.Type) throws(NetCDFError) -> String {
        let bytes: [UInt8] = try attributeValues(name, variable: variable, type: .char)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// All values of the numeric attribute `name` of `variable` (a global attribute when `nil`).
    ///
    /// The corresponding C functions are `nc_inq_att` and `nc_get_att`.
    /// - Throws: ``NetCDFError/missingAttribute(name:path:)``, ``NetCDFError/missingVariable(name:path:)``,
    ///   ``NetCDFError/typeMismatch(name:expected:found:path:)`` unless it stores `T` values.
    public func attribute<T: NetCDFElement>(_ name: String, variable: String? = nil, as type: [T].Type)
        throws(NetCDFError) -> [T]
    {
        try attributeValues(name, variable: variable, type: T.netCDFType)
    }

    /// The single value of the numeric attribute `name` of `variable` (a global attribute when `nil`).
    ///
    /// The corresponding C functions are `nc_inq_att` and `nc_get_att`.
    /// - Throws: as the array form, and ``NetCDFError/notScalar(name:count:path:)`` unless it
    ///   holds exactly one value.
    public func attribute<T: NetCDFElement>(_ name: String, variable: String? = nil, as type: T.Type) throws(NetCDFError)
        -> T
    {
        let values = try attribute(name, variable: variable, as: [T].self)
        guard values.count == 1 else { throw .notScalar(name: cdlName(name, variable), count: values.count, path: path) }
        return values[0]
    }

    /// The names of the attributes of `variable` (the global attributes when `nil`), in the
    /// order they were defined.
    ///
    /// The corresponding C functions are `nc_inq_varnatts` and `nc_inq_attname`.
    /// - Throws: ``NetCDFError/missingVariable(name:path:)``.
    public func attributeNames(variable: String? = nil) throws(NetCDFError) -> [String] {
        let owner = try attributeOwner(variable)
        var count: Int32 = 0
        try call("nc_inq_varnatts(\(variable ?? "global"))") { nc_inq_varnatts(ncid, owner, &count) }
        return try (0..<count).map { index throws(NetCDFError) in
            try readName("nc_inq_attname(\(variable ?? "global"), \(index))") { nc_inq_attname(ncid, owner, index, $0) }
        }
    }

    /// The variable id that owns attributes of `variable`: `NC_GLOBAL` for `nil`.
    private func attributeOwner(_ variable: String?) throws(NetCDFError) -> Int32 {
        guard let variable else { return NC_GLOBAL }
        return try variableID(variable)
    }

    /// `variable:name`, or `:name` for a global attribute, as CDL and `ncdump` write it.
    private func cdlName(_ name: String, _ variable: String?) -> String {
        "\(variable ?? ""):\(name)"
    }

    /// The raw values of attribute `name` of `variable` after checking they are `type` values.
    private func attributeValues<T: BitwiseCopyable>(_ name: String, variable: String?, type: NetCDFType)
        throws(NetCDFError) -> [T]
    {
        let owner = try attributeOwner(variable)
        let label = cdlName(name, variable)
        var code: nc_type = 0
        var count = 0
        let status = withNetCDF { nc_inq_att(ncid, owner, name, &code, &count) }
        if status == NC_ENOTATT { throw .missingAttribute(name: label, path: path) }
        try check(status, "nc_inq_att(\(label))")
        guard let found = NetCDFType(code: code) else { throw .unsupportedType(name: label, code: code, path: path) }
        guard found == type else { throw .typeMismatch(name: label, expected: type, found: found, path: path) }
        return try readArray(count: count, "nc_get_att(\(label))") { nc_get_att(ncid, owner, name, $0) }
    }
}
