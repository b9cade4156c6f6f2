// swift-tools-version: 6.0
// NonlocalKitFuzz: coverage-guided libFuzzer targets for NonlocalKit's file readers (`make fuzz`).
//
// A package of its own, depending on NonlocalKit by path, so the main build never sees `-sanitize=fuzzer`:
// `make fuzz` builds this package with `-Xswiftc -sanitize=fuzzer`, which instruments every Swift module of the
// readers (NonlocalExport, NonlocalDataset, NonlocalKernels, NonlocalNetCDF, NonlocalFiles …) for coverage and
// links libFuzzer's main from the toolchain (libclang_rt.fuzzer). Each target hands the fuzzer's bytes to one
// public reader, through a file, since every reader takes a path (and the NetCDF readers must go through
// NetCDFFile.open, whose crash probe is part of what is tested).
import PackageDescription

/// A fuzz target: a `main.swift` that hands one reader to libFuzzer's driver (FuzzInput.run). Linked with the
/// toolchain's lld: GNU gold 2.40 stops with "internal error in format_file_lineno" on the instrumented objects.
func fuzzTarget(_ name: String, _ products: [String]) -> Target {
    .executableTarget(
        name: name, dependencies: ["FuzzInput"] + products.map { .product(name: $0, package: "NonlocalKit") },
        linkerSettings: [.unsafeFlags(["-use-ld=lld"])])
}

let package = Package(
    name: "NonlocalKitFuzz",
    dependencies: [.package(name: "NonlocalKit", path: "..")],
    targets: [
        // libFuzzer's LLVMFuzzerRunDriver: SwiftPM links an executable's `main` itself, so libFuzzer's own cannot be used.
        .systemLibrary(name: "CLibFuzzer", path: "Sources/CLibFuzzer"),
        // Runs libFuzzer on a reader, each input written to a per-process file.
        .target(name: "FuzzInput", dependencies: ["CLibFuzzer"]),
        fuzzTarget("FuzzMatrixMarket", ["NonlocalExport"]),
        fuzzTarget("FuzzPETScBinary", ["NonlocalExport"]),
        fuzzTarget("FuzzNetCDFDataset", ["NonlocalDataset"]),
        fuzzTarget("FuzzNetCDFOperator", ["NonlocalExport"]),
        fuzzTarget("FuzzModelJSON", ["NonlocalKernels"]),
    ],
    swiftLanguageModes: [.v6]
)
