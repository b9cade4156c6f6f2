// Tests of sign-changing models used away from their training grid: `learn` certifies h/2 too, and `assemble` certifies any other grid before it writes.
import Foundation
import NonlocalKernels
import Testing

@Suite struct GridRobustCommandTests {
    /// A biharmonic C+D model (coefficient constraint, second-moment consistency) lists h/2 among
    /// its certificate's grids; `assemble` on that grid writes without a new eigensolve, on n = 300
    /// it certifies first and says so; a model whose D was made large (its recorded certificate
    /// left as it was) is refused on a new grid in one line, and nothing is written.
    @Test func assembleCertifiesGridsTheCertificateDoesNotCover() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = { folder.appendingPathComponent($0).path }
        #expect(try runCommand(["generate", "biharmonic", "--samples", "500", "--horizon", "0.25", "-q", "-o", path("b.nc")]).status == 0)
        let learned = try runCommand([
            "learn", path("b.nc"), "--delta", "0.25", "--order", "8", "--sign-changing", "--consistency", "second-moment", "-o", path("k.json"),
        ])
        #expect(learned.status == 0, "\(learned.standardError)")
        #expect(learned.standardOutput.contains("also on periodic:d=1,n=200,length=1: λ_min = "), "\(learned.standardOutput)")
        let model = try KernelModel.read(from: path("k.json"))
        #expect(model.certificate?.refinements?.map(\.grid) == ["periodic:d=1,n=200,length=1"])
        #expect(model.solver == "exact, constraint coefficients, second-moment consistent")

        let covered = try runCommand(["assemble", path("k.json"), "--grid", "periodic:d=1,n=200,length=1", "-o", path("a.mtx")])
        #expect(covered.status == 0 && !covered.standardError.contains("certifying"), "\(covered.standardError)")
        let other = try runCommand(["assemble", path("k.json"), "--grid", "periodic:d=1,n=300,length=1", "--json", "-o", path("c.mtx")])
        #expect(other.status == 0, "\(other.standardError)")
        #expect(other.standardError.contains("certifying on periodic:d=1,n=300,length=1"))
        #expect(other.standardOutput.contains("\"coercive\" : true") || other.standardOutput.contains("\"coercive\":true"), "\(other.standardOutput)")

        var broken = model
        broken.signChangingCoefficients = broken.signChangingCoefficients.enumerated().map { $0.offset % 2 == 0 ? -1e4 : 1e4 }
        try broken.write(to: path("broken.json"))
        let refused = try runCommand(["assemble", path("broken.json"), "--grid", "periodic:d=1,n=300,length=1", "-o", path("d.mtx")])
        #expect(refused.status == 1)
        #expect(refused.errorLines.count == 1 && refused.errorLines[0].contains("is not coercive on periodic:d=1,n=300,length=1"), "\(refused.standardError)")
        #expect(!FileManager.default.fileExists(atPath: path("d.mtx")))
    }
}
