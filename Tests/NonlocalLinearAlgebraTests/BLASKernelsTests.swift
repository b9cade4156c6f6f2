// Tests of the choice of OpenBLAS kernels when Debian's OpenBLAS falls back to SSE3 ones.
import NonlocalLinearAlgebra
import Testing

@Suite struct BLASKernelsTests {
    /// A shortened `/proc/cpuinfo` of the machines' Xeon (family 6, model 207), which OpenBLAS
    /// 0.3.21 does not know.
    static let xeon = """
        processor\t: 0
        vendor_id\t: GenuineIntel
        model\t\t: 207
        flags\t\t: fpu sse2 avx avx2 fma avx512f avx512dq avx512cd avx512bw avx512vl avx512_bf16
        bugs\t\t: spectre_v1

        processor\t: 1
        flags\t\t: fpu
        """

    @Test func theFlagsDecideTheKernels() {
        #expect(BLASKernels.flags(cpuinfo: Self.xeon).isSuperset(of: ["avx2", "avx512vl", "avx512_bf16"]))
        #expect(BLASKernels.flags(cpuinfo: "processor : 0\n").isEmpty)
        #expect(BLASKernels.coreType(flags: BLASKernels.flags(cpuinfo: Self.xeon)) == "SkylakeX")
        #expect(BLASKernels.coreType(flags: ["avx", "avx2", "fma", "avx512f"]) == "Haswell")  // AVX-512 F alone is not SkylakeX's set
        #expect(BLASKernels.coreType(flags: ["sse2", "sse3", "avx"]) == nil)
    }

    /// A restart only when OpenBLAS fell back to Prescott, nobody named kernels, and the
    /// processor has better ones; /proc/cpuinfo is not even read otherwise.
    @Test func onlyAFallbackToPrescottIsOverruled() {
        #expect(BLASKernels.betterCoreType(coreName: "Prescott", environment: [:]) { Self.xeon } == "SkylakeX")
        #expect(BLASKernels.betterCoreType(coreName: "Prescott", environment: [:]) { "flags : sse2 sse3\n" } == nil)
        #expect(BLASKernels.betterCoreType(coreName: "Prescott", environment: ["OPENBLAS_CORETYPE": "Prescott"]) { Issue.record("read"); return "" } == nil)
        #expect(BLASKernels.betterCoreType(coreName: "Haswell", environment: [:]) { Issue.record("read"); return Self.xeon } == nil)
    }
}
