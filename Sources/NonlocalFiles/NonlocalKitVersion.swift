// NonlocalKitVersion: the toolkit's version, written into every file it produces.

/// The toolkit's version, written into every file it produces (datasets, models, operators).
public enum NonlocalKitVersion {
    public static let current = "0.1.0"
}
