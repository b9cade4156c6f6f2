// NetCDFElement: Swift number types whose memory layout is a netCDF type's, so values copy without conversion.

/// A Swift type stored in netCDF variables and attributes of type ``netCDFType``.
///
/// Values are copied byte for byte (no conversion), so reading and writing are exact, and
/// a variable or attribute is read only as the element type it was written with. Conforming
/// types must have the size of their ``netCDFType``; the module checks this with a
/// precondition. `Double`, `Float`, `Int32`, `Int64` and `UInt8` conform.
public protocol NetCDFElement: BitwiseCopyable, Sendable {
    /// The netCDF type with this Swift type's memory layout.
    static var netCDFType: NetCDFType { get }
}

extension Double: NetCDFElement { public static var netCDFType: NetCDFType { .double } }
extension Float: NetCDFElement { public static var netCDFType: NetCDFType { .float } }
extension Int32: NetCDFElement { public static var netCDFType: NetCDFType { .int32 } }
extension Int64: NetCDFElement { public static var netCDFType: NetCDFType { .int64 } }
extension UInt8: NetCDFElement { public static var netCDFType: NetCDFType { .uint8 } }
