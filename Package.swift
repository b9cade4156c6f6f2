// swift-tools-version: 6.0
// NonlocalKit: learns well-posed nonlocal operators from data and exports them as sparse matrices.
import PackageDescription

let package = Package(
    name: "NonlocalKit",
    products: [
        .executable(name: "nonlocal", targets: ["nonlocal"]),
        .library(name: "NonlocalLinearAlgebra", targets: ["NonlocalLinearAlgebra"]),
        .library(name: "NonlocalNetCDF", targets: ["NonlocalNetCDF"]),
        .library(name: "NonlocalKernels", targets: ["NonlocalKernels"]),
        .library(name: "NonlocalAssembly", targets: ["NonlocalAssembly"]),
        .library(name: "NonlocalData", targets: ["NonlocalData"]),
        .library(name: "NonlocalFiles", targets: ["NonlocalFiles"]),
        .library(name: "NonlocalExport", targets: ["NonlocalExport"]),
        .library(name: "NonlocalRegression", targets: ["NonlocalRegression"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // SHA-256 of training data files, recorded in each learned model's provenance.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // C libraries from Debian; each is imported by exactly one Swift target below.
        .systemLibrary(name: "CSuiteSparse", path: "Sources/CSuiteSparse"),
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS"),
        .systemLibrary(name: "CArpack", path: "Sources/CArpack"),
        .systemLibrary(name: "CNetCDF", path: "Sources/CNetCDF"),
        .systemLibrary(name: "CFFTW", path: "Sources/CFFTW"),

        // Sparse and dense linear algebra: CHOLMOD, UMFPACK, BLAS/LAPACK, ARPACK, and FFTW's real transforms.
        .target(name: "NonlocalLinearAlgebra", dependencies: ["CSuiteSparse", "COpenBLAS", "CArpack", "CFFTW"]),
        // NetCDF-4 files: the only Swift target that sees netCDF-C.
        .target(name: "NonlocalNetCDF", dependencies: ["CNetCDF"]),
        // Output files written atomically: a temporary name in the target folder, then a rename.
        .target(name: "NonlocalFiles"),
        // Radial kernels: Bernstein (paper eq. 3.11), fractional-type (§8), truncated fractional, manufactured (5.3–5.4).
        .target(name: "NonlocalKernels"),
        // Grids, the one-point quadrature stencil and nonlocal operators: apply, sparse assembly, features.
        .target(name: "NonlocalAssembly", dependencies: ["NonlocalKernels", "NonlocalLinearAlgebra"]),
        // High-fidelity data (manufactured, Darcy, biharmonic, fractional) and the NetCDF dataset file.
        .target(
            name: "NonlocalData",
            dependencies: ["NonlocalAssembly", "NonlocalKernels", "NonlocalLinearAlgebra", "NonlocalNetCDF", "NonlocalFiles"]),

        // Kernel regression (Algorithm 1): the loss as a quadratic, exact and paper-faithful solvers.
        .target(
            name: "NonlocalRegression",
            dependencies: ["NonlocalData", "NonlocalAssembly", "NonlocalKernels", "NonlocalLinearAlgebra"]),
        // Matrix files for other solvers: MatrixMarket, NetCDF (ESMF/SCRIP weights), PETSc binary.
        .target(
            name: "NonlocalExport",
            dependencies: ["NonlocalLinearAlgebra", "NonlocalNetCDF", "NonlocalFiles"]),

        // The command: argument parsing, progress and printing only.
        .executableTarget(
            name: "nonlocal",
            dependencies: [
                "NonlocalLinearAlgebra", "NonlocalKernels", "NonlocalAssembly", "NonlocalData", "NonlocalExport",
                "NonlocalRegression", "NonlocalFiles",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),

        .target(name: "NonlocalTestSupport", dependencies: ["NonlocalLinearAlgebra", "NonlocalKernels"], path: "Tests/NonlocalTestSupport"),
        .testTarget(name: "NonlocalLinearAlgebraTests", dependencies: ["NonlocalLinearAlgebra", "NonlocalTestSupport"]),
        .testTarget(name: "NonlocalNetCDFTests", dependencies: ["NonlocalNetCDF", "NonlocalTestSupport"]),
        .testTarget(name: "NonlocalFilesTests", dependencies: ["NonlocalFiles"]),
        .testTarget(name: "NonlocalKernelsTests", dependencies: ["NonlocalKernels", "NonlocalTestSupport"]),
        .testTarget(
            name: "NonlocalAssemblyTests",
            dependencies: ["NonlocalAssembly", "NonlocalKernels", "NonlocalLinearAlgebra", "NonlocalTestSupport"]),
        .testTarget(
            name: "NonlocalExportTests",
            dependencies: ["NonlocalExport", "NonlocalLinearAlgebra", "NonlocalNetCDF", "NonlocalTestSupport"]),
        .testTarget(
            name: "NonlocalRegressionTests",
            dependencies: ["NonlocalRegression", "NonlocalData", "NonlocalAssembly", "NonlocalKernels", "NonlocalTestSupport"]),
        .testTarget(name: "NonlocalCommandTests", dependencies: ["NonlocalData", "NonlocalKernels"]),
        .testTarget(
            name: "NonlocalDataTests",
            dependencies: [
                "NonlocalData", "NonlocalAssembly", "NonlocalKernels", "NonlocalLinearAlgebra", "NonlocalNetCDF",
                "NonlocalTestSupport",
            ]),
    ],
    swiftLanguageModes: [.v6]
)
