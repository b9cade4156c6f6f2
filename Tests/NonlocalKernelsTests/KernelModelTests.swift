// Tests of the kernel model file: JSON round trips and one clear error per unusable model.
import Foundation
import NonlocalKernels
import Testing

@Suite struct KernelModelTests {
    func write(_ text: String) -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("model-\(UUID().uuidString).json").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    @Test func modelsRoundTripThroughJSONAndBuildTheirKernels() throws {
        let model = KernelModel(
            family: .bernstein, dimension: 1, horizon: 0.25, nonnegativeCoefficients: [0, 2, 4],
            signChangingCoefficients: [0.1, -0.2, 1e-17], certificate: .init(kappa: 0.5, signChangingNorm: 0.1, lambdaMin: 1.9, lowerBound: 1.8, grid: "periodic:d=1,n=100,length=1", coercive: true),
            losses: ["training": 1e-5], kktResiduals: ["stage1": 1e-14], solver: "exact",
            provenance: .init(dataFile: "data.nc", dataHash: "ab12", problem: "manufactured", parameters: ["c": "0.1"], seed: 7),
            toolkitVersion: "0.1.0")
        let path = write(String(decoding: try model.encoded(), as: UTF8.self))
        let read = try KernelModel.read(from: path)
        #expect(read == model && read.order == 2)
        #expect(String(decoding: try model.encoded(), as: UTF8.self).contains("\"nonnegative_coefficients\""))
        let kernel = try read.makeKernel()
        #expect(abs(kernel(0.125) - BernsteinKernel(coefficients: [0, 2, 4], signChanging: [0.1, -0.2, 1e-17], horizon: 0.25, dimension: 1)(0.125)) == 0)
        let fractional = KernelModel(family: .truncatedFractional, dimension: 2, horizon: 1, fractionalOrder: 0.75, toolkitVersion: "0.1.0")
        #expect(try KernelModel.read(from: write(String(decoding: try fractional.encoded(), as: UTF8.self))) == fractional)
    }

    /// C* = 0 has 1/κ = 0: κ = +∞ must encode (it trapped), as "Infinity", and read back.
    @Test func anInfiniteKappaRoundTrips() throws {
        let model = KernelModel(
            family: .bernstein, dimension: 1, horizon: 0.25, nonnegativeCoefficients: [0, 0],
            certificate: .init(kappa: .infinity, signChangingNorm: 0, lambdaMin: 0, lowerBound: 0, grid: "periodic:d=1,n=100,length=1", coercive: false),
            toolkitVersion: "0.1.0")
        let text = String(decoding: try model.encoded(), as: UTF8.self)
        #expect(text.contains(#""kappa" : "Infinity""#))
        #expect(try KernelModel.read(from: write(text)) == model)
    }

    @Test func unusableModelsNameTheProblem() {
        let cases: [(String, String)] = [
            ("{", "not valid JSON"),
            (#"{"family": "bernstein", "dimension": 1, "horizon": 0.25, "losses": {}, "kkt_residuals": {}, "signChanging_coefficients": [], "toolkit_version": "x"}"#, "missing key 'nonnegativeCoefficients'"),
            (#"{"family": "spline", "dimension": 1, "horizon": 0.25, "nonnegative_coefficients": [1], "sign_changing_coefficients": [], "losses": {}, "kkt_residuals": {}, "toolkit_version": "x"}"#, "not valid JSON"),
            (#"{"family": "bernstein", "dimension": 1, "horizon": 0.25, "nonnegative_coefficients": [1, -2], "sign_changing_coefficients": [], "losses": {}, "kkt_residuals": {}, "toolkit_version": "x"}"#, "C[1] = -2.0 is negative"),
            (#"{"family": "truncated-fractional", "dimension": 1, "horizon": 0.25, "fractional_order": 1.5, "nonnegative_coefficients": [], "sign_changing_coefficients": [], "losses": {}, "kkt_residuals": {}, "toolkit_version": "x"}"#, "s = 1.5 is outside (0, 1)"),
        ]
        for (text, reason) in cases {
            let path = write(text)
            #expect {
                try KernelModel.read(from: path)
            } throws: { error in
                "\(error)".hasPrefix(path) && "\(error)".contains(reason)
            }
        }
        #expect(throws: KernelError.self) { try KernelModel.read(from: "/nonexistent/model.json") }
    }
}
