// TestFiles: scratch directories, a sample weight file and an ncdump runner shared by the netCDF tests.
import Foundation
import NonlocalNetCDF
import NonlocalTestSupport
import Testing

/// Runs `body` with a fresh, uniquely named directory under the temporary directory and
/// removes the directory afterwards.
func withScratchDirectory(_ body: (URL) throws -> Void) throws {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("NonlocalNetCDFTests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false)
    defer { try? FileManager.default.removeItem(at: directory) }
    try body(directory)
}

extension URL {
    /// The path of the file `name` inside this directory.
    func file(_ name: String) -> String { appendingPathComponent(name).path }
}

/// The 3 × 4 matrix [[2, 0, -1, 0], [0, 0.5, 0, 0], [-1, 0, 2, 1e-300]] in the ESMF/SCRIP
/// weight-file layout: 1-based `row`/`col`, compressed with deflate.
enum SampleWeights {
    static let rows: [Int32] = [1, 1, 2, 3, 3, 3]
    static let columns: [Int32] = [1, 3, 2, 1, 3, 4]
    static let values: [Double] = [2, -1, 0.5, -1, 2, 1e-300]
    static let coefficients: [Double] = [0.25, -1.5, 3.0e-8]

    static func write(to path: String) throws {
        let file = try NetCDFFile.create(path: path)
        try file.defineDimension("n_a", length: 4)
        try file.defineDimension("n_b", length: 3)
        try file.defineDimension("n_s", length: values.count)
        try file.defineVariable("row", type: .int32, dimensions: ["n_s"], deflateLevel: 4)
        try file.defineVariable("col", type: .int32, dimensions: ["n_s"], deflateLevel: 4)
        try file.defineVariable("S", type: .double, dimensions: ["n_s"], deflateLevel: 4)
        try file.setAttribute("start_index", Int32(1), variable: "row")
        try file.setAttribute("start_index", Int32(1), variable: "col")
        try file.setAttribute("title", "NonlocalKit sample operator")
        try file.setAttribute("delta", 0.25)
        try file.setAttribute("kernel_coefficients", coefficients)
        try file.setAttribute("nonzeros", Int64(values.count))
        try file.write(rows, to: "row")
        try file.write(columns, to: "col")
        try file.write(values, to: "S")
        try file.close()
    }
}

/// The standard output of `/usr/bin/ncdump` with `arguments`, after checking it exits with 0.
func ncdump(_ arguments: String...) throws -> String {
    let result = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/ncdump"), arguments)
    #expect(result.status == 0, "ncdump \(arguments.joined(separator: " ")) failed: \(result.standardError)")
    return result.standardOutput
}
