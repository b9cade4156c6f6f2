// NetCDFType: the netCDF external data types this module reads and writes.
internal import CNetCDF

/// The type of the values a netCDF variable or attribute stores on disk.
///
/// The description is the CDL type name `ncdump` prints (`double`, `int`, `ubyte`, …).
public enum NetCDFType: Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// 64-bit IEEE 754 (`NC_DOUBLE`).
    case double
    /// 32-bit IEEE 754 (`NC_FLOAT`).
    case float
    /// 32-bit signed integer (`NC_INT`).
    case int32
    /// 64-bit signed integer (`NC_INT64`, NetCDF-4 only).
    case int64
    /// 8-bit unsigned integer (`NC_UBYTE`, NetCDF-4 only).
    case uint8
    /// 8-bit text character (`NC_CHAR`), used by text attributes.
    case char

    public var description: String {
        switch self {
        case .double: "double"
        case .float: "float"
        case .int32: "int"
        case .int64: "int64"
        case .uint8: "ubyte"
        case .char: "char"
        }
    }

    /// The `nc_type` code of this type.
    var code: nc_type {
        switch self {
        case .double: NC_DOUBLE
        case .float: NC_FLOAT
        case .int32: NC_INT
        case .int64: NC_INT64
        case .uint8: NC_UBYTE
        case .char: NC_CHAR
        }
    }

    /// The type with `nc_type` code `code`, or `nil` for types this module does not model.
    init?(code: nc_type) {
        guard let type = Self.allCases.first(where: { $0.code == code }) else { return nil }
        self = type
    }

    /// The CDL name `ncdump` prints for the atomic type with `nc_type` code `code`, whether
    /// this module models it or not (`short`, `ushort`, `string`, …), so that a refusal can name
    /// the type it found; `nil` for a user-defined type.
    public static func cdlName(code: Int32) -> String? {
        switch code {
        case NC_BYTE: "byte"
        case NC_SHORT: "short"
        case NC_USHORT: "ushort"
        case NC_UINT: "uint"
        case NC_UINT64: "uint64"
        case NC_STRING: "string"
        default: NetCDFType(code: code)?.description
        }
    }

    /// The size in bytes of one value.
    var byteCount: Int {
        switch self {
        case .double, .int64: 8
        case .float, .int32: 4
        case .uint8, .char: 1
        }
    }
}
