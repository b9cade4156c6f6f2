// BLASKernels: OpenBLAS's kernels for the processor it runs on, where Debian 12's OpenBLAS does not recognise it.
internal import COpenBLAS
import Foundation

/// The processor kernels OpenBLAS runs (SSE3, AVX2, AVX-512), and the remedy when it picks the
/// oldest for a processor that has the newest.
///
/// OpenBLAS chooses its kernels once, as it loads, from the processor's model number. Debian
/// 12's OpenBLAS 0.3.21 falls back to its oldest x86-64 kernels, "Prescott" (SSE3), for any
/// Intel model it does not know, whatever instructions the processor has (OpenBLAS issue 4267,
/// fixed in 0.3.25 by reading the processor's features instead). On the Xeon (family 6, model
/// 207, AVX-512) that NonlocalKit's machines have, LAPACK's band Cholesky of the 1-D
/// preconditioner at h = 2⁻¹⁶ took 6.5 s on those kernels and 2.5 s on AVX-512 ones (SciPy's
/// own, newer OpenBLAS: 2.2 s). OpenBLAS reads `OPENBLAS_CORETYPE` only while it loads, so from
/// inside a process the only remedy is to start the process again with that variable set.
public enum BLASKernels {
    /// The kernels OpenBLAS runs in this process: "Prescott", "Haswell", "SkylakeX", …
    ///
    /// The corresponding C function is `openblas_get_corename`.
    public static var coreName: String { String(cString: openblas_get_corename()) }

    /// OpenBLAS's name for the best double-precision kernels a processor with these
    /// `/proc/cpuinfo` flags runs: "SkylakeX" (AVX-512 F, CD, BW, DQ and VL), "Haswell" (AVX2
    /// and FMA); nil for less, where Prescott is the right choice. (0.3.21's newer Intel names
    /// add only single- and half-precision kernels, and it does not accept "Cooperlake" here.)
    public static func coreType(flags: Set<String>) -> String? {
        if flags.isSuperset(of: ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"]) { return "SkylakeX" }
        return flags.isSuperset(of: ["avx2", "fma"]) ? "Haswell" : nil
    }

    /// The flags of the first processor in `/proc/cpuinfo` text (empty when it lists none).
    /// The kernel lists only the instructions it lets programs use.
    public static func flags(cpuinfo: String) -> Set<String> {
        guard let line = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") }),
            let colon = line.firstIndex(of: ":")
        else { return [] }
        return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
    }

    /// The kernels to start again with: nil when OpenBLAS chose other than Prescott (`coreName`),
    /// when the environment already names kernels (the user's choice, or this remedy's own), or
    /// when the processor has nothing better.
    public static func betterCoreType(coreName: String, environment: [String: String], cpuinfo: () -> String) -> String? {
        guard coreName == "Prescott", environment["OPENBLAS_CORETYPE"] == nil else { return nil }
        return coreType(flags: flags(cpuinfo: cpuinfo()))
    }

    /// Starts this program again, with the same arguments and `OPENBLAS_CORETYPE` set, when
    /// ``betterCoreType(coreName:environment:cpuinfo:)`` names kernels; returns when there is
    /// nothing to do or the new start fails (the program then runs on Prescott's kernels).
    /// Call it first thing in `main`, before any thread, file or output exists.
    public static func restartOnBetterKernelsIfNeeded() {
        #if os(Linux)
            let better = betterCoreType(coreName: coreName, environment: ProcessInfo.processInfo.environment) {
                (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
            }
            guard let better else { return }
            setenv("OPENBLAS_CORETYPE", better, 1)
            execv("/proc/self/exe", CommandLine.unsafeArgv)
            unsetenv("OPENBLAS_CORETYPE")  // execv returned: it failed, and nothing changed
        #endif
    }
}
