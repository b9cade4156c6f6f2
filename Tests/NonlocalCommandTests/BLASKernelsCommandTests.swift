// Tests that `nonlocal` runs OpenBLAS's best kernels for this processor, restarting itself where Debian's OpenBLAS picks SSE3 ones.
import Foundation
import NonlocalLinearAlgebra
import Testing

@Suite struct BLASKernelsCommandTests {
    /// OpenBLAS names the kernels it loads on standard error under `OPENBLAS_VERBOSE=2`. The
    /// command's last such line must be this test process's own choice, or, where that is the
    /// Prescott fallback on a processor with AVX2 or AVX-512, the better kernels.
    @Test func theCommandRunsTheProcessorsKernels() throws {
        let result = try runCommand(["--version"], environment: ["OPENBLAS_VERBOSE": "2"])
        try #require(result.status == 0, "\(result.standardError)")
        let cores = result.standardError.split(separator: "\n").filter { $0.hasPrefix("Core: ") }.map { String($0.dropFirst(6)) }
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let own = BLASKernels.coreName
        let expected = own == "Prescott" ? BLASKernels.coreType(flags: BLASKernels.flags(cpuinfo: cpuinfo)) ?? own : own
        #expect(cores.last == expected, "OpenBLAS said \(cores); this process runs \(own)")
        #expect(!result.standardOutput.isEmpty)  // the restarted program did its work
    }
}
