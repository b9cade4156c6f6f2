// NetCDFVariable: what a netCDF variable stores — its type, dimensions and shape.

/// A description of one variable of a netCDF file, as returned by ``NetCDFFile/variable(named:)``.
public struct NetCDFVariable: Sendable, Hashable {
    /// The variable's name.
    public let name: String
    /// The type of its values on disk.
    public let type: NetCDFType
    /// Its dimension names, slowest-varying first (row-major, as in C); empty for a scalar.
    public let dimensions: [String]
    /// The current length of each dimension, in the order of ``dimensions``.
    public let shape: [Int]

    /// The number of values: the product of ``shape`` (1 for a scalar).
    public var count: Int { shape.reduce(1, *) }
}
