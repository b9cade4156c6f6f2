// NetCDFFile+AttributesTests: global and per-variable attributes round trip exactly and fail with named errors.
import NonlocalNetCDF
import Testing

struct NetCDFFileAttributesTests {
    @Test func everyAttributeKindRoundTripsExactly() throws {
        let doubles = NetCDFFileVariablesTests.doubles()
        let text = "δ = 0.25, κ ≥ 1 — “quoted”\nsecond line"
        try withScratchDirectory { directory in
            let path = directory.file("attributes.nc")
            let file = try NetCDFFile.create(path: path)
            try file.defineDimension("n", length: 1)
            try file.defineVariable("v", type: .double, dimensions: ["n"])
            try file.setAttribute("text", text)
            try file.setAttribute("empty", "")
            try file.setAttribute("tiny", Double.leastNonzeroMagnitude)
            try file.setAttribute("negative_zero", -0.0)
            try file.setAttribute("doubles", doubles)
            try file.setAttribute("count", Int64.max)
            try file.setAttribute("counts", [Int64.min, 0, 1])
            try file.setAttribute("units", "m^2/s", variable: "v")
            try file.setAttribute("start_index", Int32(1), variable: "v")
            try file.setAttribute("mask", [UInt8(0), 255], variable: "v")
            try file.close()

            let reopened = try NetCDFFile.open(path: path)
            #expect(try reopened.attributeNames() == ["text", "empty", "tiny", "negative_zero", "doubles", "count", "counts"])
            #expect(try reopened.attributeNames(variable: "v") == ["units", "start_index", "mask"])
            #expect(try reopened.attribute("text", as: String.self) == text)
            #expect(try reopened.attribute("empty", as: String.self) == "")
            #expect(try reopened.attribute("tiny", as: Double.self).bitPattern == Double.leastNonzeroMagnitude.bitPattern)
            #expect(try reopened.attribute("negative_zero", as: Double.self).bitPattern == (-0.0).bitPattern)
            #expect(try reopened.attribute("doubles", as: [Double].self).map(\.bitPattern) == doubles.map(\.bitPattern))
            #expect(try reopened.attribute("count", as: Int64.self) == .max)
            #expect(try reopened.attribute("counts", as: [Int64].self) == [.min, 0, 1])
            #expect(try reopened.attribute("tiny", as: [Double].self).count == 1)
            #expect(try reopened.attribute("units", variable: "v", as: String.self) == "m^2/s")
            #expect(try reopened.attribute("start_index", variable: "v", as: Int32.self) == 1)
            #expect(try reopened.attribute("mask", variable: "v", as: [UInt8].self) == [0, 255])
        }
    }

    @Test func setAttributeReplacesTheValue() throws {
        try withScratchDirectory { directory in
            let path = directory.file("replaced.nc")
            let file = try NetCDFFile.create(path: path)
            try file.setAttribute("kappa", 2.0)
            try file.setAttribute("kappa", 3.5)
            try file.close()
            #expect(try NetCDFFile.open(path: path).attribute("kappa", as: Double.self) == 3.5)
        }
    }

    @Test func absentOrMistypedAttributesThrowTheirOwnErrors() throws {
        try withScratchDirectory { directory in
            let path = directory.file("weights.nc")
            try SampleWeights.write(to: path)
            let file = try NetCDFFile.open(path: path)
            #expect(throws: NetCDFError.missingAttribute(name: ":kappa", path: path)) {
                try file.attribute("kappa", as: Double.self)
            }
            #expect(throws: NetCDFError.missingAttribute(name: "S:units", path: path)) {
                try file.attribute("units", variable: "S", as: String.self)
            }
            #expect(throws: NetCDFError.missingVariable(name: "T", path: path)) {
                try file.attribute("units", variable: "T", as: String.self)
            }
            #expect(throws: NetCDFError.typeMismatch(name: ":title", expected: .double, found: .char, path: path)) {
                try file.attribute("title", as: Double.self)
            }
            #expect(throws: NetCDFError.typeMismatch(name: ":delta", expected: .char, found: .double, path: path)) {
                try file.attribute("delta", as: String.self)
            }
            #expect(throws: NetCDFError.typeMismatch(name: "row:start_index", expected: .int64, found: .int32, path: path)) {
                try file.attribute("start_index", variable: "row", as: Int64.self)
            }
            #expect(throws: NetCDFError.notScalar(name: ":kernel_coefficients", count: 3, path: path)) {
                try file.attribute("kernel_coefficients", as: Double.self)
            }
        }
    }
}
