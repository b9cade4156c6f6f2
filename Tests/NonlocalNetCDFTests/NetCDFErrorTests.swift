// NetCDFErrorTests: each error reads as one line naming the file and the object.
import NonlocalNetCDF
import Testing

struct NetCDFErrorTests {
    @Test(arguments: [
        (NetCDFError.library(code: -51, message: "NetCDF: Unknown file format", operation: "nc_open", path: "/d/x.nc"),
         "/d/x.nc: nc_open failed: NetCDF: Unknown file format (netCDF status -51)"),
        (.missingDimension(name: "n_s", path: "/d/x.nc"), "/d/x.nc: no dimension named 'n_s'"),
        (.missingVariable(name: "S", path: "/d/x.nc"), "/d/x.nc: no variable named 'S'"),
        (.missingAttribute(name: "row:start_index", path: "/d/x.nc"), "/d/x.nc: no attribute named 'row:start_index'"),
        (.typeMismatch(name: "row", expected: .double, found: .int32, path: "/d/x.nc"),
         "/d/x.nc: 'row' holds int values, but double values were requested"),
        (.unsupportedType(name: "mask", code: 3, path: "/d/x.nc"),
         "/d/x.nc: 'mask' has netCDF type code 3, which NonlocalNetCDF does not read"),
        (.notScalar(name: ":coefficients", count: 3, path: "/d/x.nc"),
         "/d/x.nc: attribute ':coefficients' holds 3 values, but a single value was requested"),
    ])
    func descriptionIsOneLineWithTheFacts(error: NetCDFError, expected: String) {
        #expect(error.description == expected)
        #expect(!error.description.contains("\n"))
    }

    @Test func typeNamesAreCDLNames() {
        #expect(NetCDFType.allCases.map(\.description) == ["double", "float", "int", "int64", "ubyte", "char"])
    }

    @Test func everyAtomicTypeCodeHasItsCDLName() {
        // nc_type codes 1...12 (netcdf.h), modeled by NetCDFType or not; 13 and above are user-defined.
        let names = ["byte", "char", "short", "int", "float", "double", "ubyte", "ushort", "uint", "int64", "uint64", "string"]
        #expect((1...12).map { NetCDFType.cdlName(code: Int32($0)) } == names)
        #expect(NetCDFType.cdlName(code: 0) == nil && NetCDFType.cdlName(code: 13) == nil)
    }
}
