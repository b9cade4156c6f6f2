// ExportMetadata+NetCDF: metadata as NetCDF global attributes, the one rule the sparse and dense operator files share.
import NonlocalNetCDF

extension ExportMetadata {
    /// Writes every entry as a global attribute of `file`, in order: text as a `char`
    /// attribute, numbers as `double`, integers as `int64`, so numbers stay numbers for
    /// xarray and `ncdump`.
    ///
    /// The corresponding C functions are `nc_put_att_text` and `nc_put_att` (through ``NetCDFFile``).
    func write(to file: NetCDFFile) throws(NetCDFError) {
        for entry in entries {
            switch entry.value {
            case .text(let text): try file.setAttribute(entry.key, text)
            case .number(let x): try file.setAttribute(entry.key, x)
            case .integer(let n): try file.setAttribute(entry.key, Int64(n))
            }
        }
    }

    /// The global attributes of `file`, in the order they were defined, except the
    /// `structural` ones (the file's own layout: title, Conventions, shape, symmetry) and
    /// netCDF's reserved `_…` names. Text, single doubles and single 64-bit integers become
    /// entries; attributes of other types or with several values are skipped.
    ///
    /// The corresponding C functions are `nc_inq_varnatts`, `nc_inq_attname` and `nc_get_att`.
    static func read(from file: NetCDFFile, skipping structural: Set<String>) -> ExportMetadata {
        var metadata = ExportMetadata()
        for name in ((try? file.attributeNames()) ?? []) where !structural.contains(name) && !name.hasPrefix("_") {
            guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { continue }
            if let text = try? file.attribute(name, as: String.self) {
                metadata.set(name, .text(text))
            } else if let number = try? file.attribute(name, as: Double.self) {
                metadata.set(name, .number(number))
            } else if let integer = try? file.attribute(name, as: Int64.self) {
                metadata.set(name, .integer(Int(integer)))
            }
        }
        return metadata
    }
}
