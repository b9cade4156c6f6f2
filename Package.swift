// swift-tools-version: 6.0
// NonlocalKit: learns well-posed nonlocal operators from data and exports them as sparse matrices.
import PackageDescription

let package = Package(
    name: "NonlocalKit",
    products: [
        .executable(name: "nonlocal", targets: ["nonlocal"]),
        .library(name: "NonlocalLinearAlgebra", targets: ["NonlocalLinearAlgebra"]),
        .library(name: "NonlocalNetCDF", targets: ["NonlocalNetCDF"]),
        .library(name: "NonlocalFiles", targets: ["NonlocalFiles"]),
        .library(name: "NonlocalSpecialFunctions", targets: ["NonlocalSpecialFunctions"]),
        .library(name: "NonlocalKernels", targets: ["NonlocalKernels"]),
        .library(name: "NonlocalAssembly", targets: ["NonlocalAssembly"]),
        .library(name: "NonlocalCertificate", targets: ["NonlocalCertificate"]),
        .library(name: "NonlocalDataset", targets: ["NonlocalDataset"]),
        .library(name: "NonlocalGenerators", targets: ["NonlocalGenerators"]),
        .library(name: "NonlocalReferences", targets: ["NonlocalReferences"]),
        .library(name: "NonlocalOptimization", targets: ["NonlocalOptimization"]),
        .library(name: "NonlocalRegression", targets: ["NonlocalRegression"]),
        .library(name: "NonlocalExport", targets: ["NonlocalExport"]),
        .library(name: "NonlocalWorkflows", targets: ["NonlocalWorkflows"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // SHA-256 of training data files, recorded in each learned model's provenance.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // open/read/write/close and fstat/stat of the file-system layer (NonlocalFiles only).
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
    ],
    targets: [
        // C libraries from Debian; each is imported by exactly one Swift target below.
        .systemLibrary(name: "CSuiteSparse", path: "Sources/CSuiteSparse"),
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS"),
        .systemLibrary(name: "CArpack", path: "Sources/CArpack"),
        .systemLibrary(name: "CNetCDF", path: "Sources/CNetCDF"),
        .systemLibrary(name: "CFFTW", path: "Sources/CFFTW"),
        .systemLibrary(name: "CLinuxFiles", path: "Sources/CLinuxFiles"),
        // C, not Swift, because it forks: the child reads a netCDF file from outside with netCDF-C, so a crash
        // inside HDF5 on a corrupt file ends the child, and the parent refuses the file (NetCDFFile.open).
        .target(name: "CNetCDFProbe", linkerSettings: [.linkedLibrary("netcdf")]),

        // Sparse and dense linear algebra: CHOLMOD, UMFPACK, BLAS/LAPACK, ARPACK, and FFTW's real transforms.
        .target(name: "NonlocalLinearAlgebra", dependencies: ["CSuiteSparse", "COpenBLAS", "CArpack", "CFFTW"]),
        // NetCDF-4 files: the only Swift target that sees netCDF-C.
        .target(name: "NonlocalNetCDF", dependencies: ["CNetCDF", "CNetCDFProbe"]),
        // The file-system layer: every file the project reads or writes goes through it, and outputs are written
        // atomically (temporary name, then rename). Choice (a): swift-system, Apple's well-kept wrapper, supplies
        // what it covers, FileDescriptor open/read/write/close and Stat (fstat, stat), with interrupted calls
        // retried and Errno's strerror text; what it lacks (swift-system 1.8.1 has no mmap, munmap, fsync, rename,
        // unlink, mkdir or rmdir) is written by hand in its style in SystemCalls.swift, and says so there.
        // Neither swift-system's types nor C types appear in NonlocalFiles' public API (internal imports).
        .target(
            name: "NonlocalFiles",
            dependencies: [
                .product(name: "SystemPackage", package: "swift-system"),
                .target(name: "CLinuxFiles", condition: .when(platforms: [.linux])),
            ]),
        // Special functions and quadrature the high-fidelity solvers need: Gauss–Legendre, Hurwitz ζ, incomplete beta, Jacobi.
        .target(name: "NonlocalSpecialFunctions"),
        // Radial kernels: Bernstein (paper eq. 3.11), fractional-type (§8), truncated fractional, manufactured (5.3–5.4); the model JSON.
        .target(name: "NonlocalKernels", dependencies: ["NonlocalFiles", "NonlocalSpecialFunctions"]),
        // Grids, the one-point quadrature stencil and nonlocal operators: apply, sparse assembly, features.
        .target(name: "NonlocalAssembly", dependencies: ["NonlocalFiles", "NonlocalKernels", "NonlocalLinearAlgebra"]),
        // The coercivity certificate of a kernel on a grid: λ_min (eq. 4.3), N(D), the bound 1/κ − 2N(D).
        .target(name: "NonlocalCertificate", dependencies: ["NonlocalAssembly", "NonlocalKernels", "NonlocalLinearAlgebra"]),
        // The dataset file: (u, f) pairs on a grid as NetCDF-4, the contract between data and the regression.
        .target(
            name: "NonlocalDataset",
            dependencies: ["NonlocalAssembly", "NonlocalLinearAlgebra", "NonlocalNetCDF", "NonlocalFiles"]),
        // High-fidelity data: manufactured kernels (§5), Darcy (§6), biharmonic (§7), fractional (§8).
        .target(
            name: "NonlocalGenerators",
            dependencies: ["NonlocalDataset", "NonlocalFiles", "NonlocalSpecialFunctions", "NonlocalAssembly", "NonlocalKernels", "NonlocalLinearAlgebra"]),
        // Dense reference discretizations of (−Δ)^s on the unit interval and disk (naive one-point, accurate P1 / Green's
        // inverse), sized against the available memory before they are built, and their convergence studies.
        .target(
            name: "NonlocalReferences",
            dependencies: [
                "NonlocalAssembly", "NonlocalKernels", "NonlocalLinearAlgebra", "NonlocalGenerators", "NonlocalSpecialFunctions",
                "NonlocalFiles",
            ]),
        // General optimizers: NNLS, Brent, Adam, interior-point quadratic programs.
        .target(name: "NonlocalOptimization", dependencies: ["NonlocalLinearAlgebra"]),
        // Kernel regression (Algorithm 1): the loss as a quadratic from one pass over the data, exact and paper-faithful stages.
        .target(
            name: "NonlocalRegression",
            dependencies: [
                "NonlocalDataset", "NonlocalOptimization", "NonlocalCertificate", "NonlocalAssembly", "NonlocalKernels",
                "NonlocalLinearAlgebra", "NonlocalFiles", "NonlocalSpecialFunctions",
            ]),
        // Matrix files for other solvers: MatrixMarket, NetCDF (ESMF/SCRIP weights), PETSc binary.
        .target(
            name: "NonlocalExport",
            dependencies: ["NonlocalLinearAlgebra", "NonlocalNetCDF", "NonlocalFiles"]),
        // What the command runs, as library calls: learning with model selection and provenance, assembling a
        // model into an operator file (its metadata schema), certifying, solving, generating, the benchmarks.
        .target(
            name: "NonlocalWorkflows",
            dependencies: [
                "NonlocalLinearAlgebra", "NonlocalKernels", "NonlocalAssembly", "NonlocalCertificate", "NonlocalDataset",
                "NonlocalGenerators", "NonlocalRegression", "NonlocalExport", "NonlocalFiles", "NonlocalReferences",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            // The demo's matplotlib script (figures from the CSV files the demo writes).
            resources: [.copy("Resources/demo_figures.py"), .copy("Resources/paper_figures.py"), .copy("Resources/figure_common.py")]),

        // The command: argument parsing, progress and printing only.
        .executableTarget(
            name: "nonlocal",
            dependencies: [
                // Workflows do the work; the other modules only lend the types of options and results.
                "NonlocalWorkflows", "NonlocalAssembly", "NonlocalKernels", "NonlocalCertificate", "NonlocalGenerators",
                "NonlocalRegression", "NonlocalExport", "NonlocalReferences", "NonlocalFiles", "NonlocalLinearAlgebra",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .target(
            name: "NonlocalTestSupport",
            dependencies: ["NonlocalLinearAlgebra", "NonlocalKernels", "NonlocalAssembly", "NonlocalDataset", "NonlocalGenerators"],
            path: "Tests/NonlocalTestSupport"),
        .testTarget(name: "NonlocalLinearAlgebraTests", dependencies: ["NonlocalLinearAlgebra", "NonlocalTestSupport"]),
        .testTarget(name: "NonlocalNetCDFTests", dependencies: ["NonlocalNetCDF", "NonlocalTestSupport"]),
        .testTarget(name: "NonlocalFilesTests", dependencies: ["NonlocalFiles"]),
        .testTarget(name: "NonlocalSpecialFunctionsTests", dependencies: ["NonlocalSpecialFunctions", "NonlocalTestSupport"]),
        .testTarget(name: "NonlocalKernelsTests", dependencies: ["NonlocalKernels", "NonlocalTestSupport"]),
        .testTarget(
            name: "NonlocalAssemblyTests",
            dependencies: ["NonlocalAssembly", "NonlocalFiles", "NonlocalKernels", "NonlocalLinearAlgebra", "NonlocalTestSupport"]),
        .testTarget(
            name: "NonlocalCertificateTests",
            dependencies: ["NonlocalCertificate", "NonlocalAssembly", "NonlocalKernels", "NonlocalLinearAlgebra", "NonlocalTestSupport"]),
        .testTarget(
            name: "NonlocalDatasetTests",
            dependencies: [
                "NonlocalDataset", "NonlocalGenerators", "NonlocalAssembly", "NonlocalLinearAlgebra", "NonlocalNetCDF", "NonlocalTestSupport",
            ]),
        .testTarget(
            name: "NonlocalGeneratorsTests",
            dependencies: [
                "NonlocalGenerators", "NonlocalDataset", "NonlocalSpecialFunctions", "NonlocalAssembly", "NonlocalKernels",
                "NonlocalLinearAlgebra", "NonlocalTestSupport",
            ]),
        .testTarget(
            name: "NonlocalReferencesTests",
            dependencies: [
                "NonlocalReferences", "NonlocalAssembly", "NonlocalGenerators", "NonlocalKernels", "NonlocalLinearAlgebra", "NonlocalTestSupport",
            ]),
        .testTarget(name: "NonlocalOptimizationTests", dependencies: ["NonlocalOptimization", "NonlocalLinearAlgebra", "NonlocalTestSupport"]),
        .testTarget(
            name: "NonlocalRegressionTests",
            dependencies: [
                "NonlocalRegression", "NonlocalOptimization", "NonlocalCertificate", "NonlocalDataset", "NonlocalGenerators",
                "NonlocalAssembly", "NonlocalKernels", "NonlocalTestSupport",
            ]),
        .testTarget(
            name: "NonlocalExportTests",
            dependencies: ["NonlocalExport", "NonlocalLinearAlgebra", "NonlocalNetCDF", "NonlocalTestSupport"]),
        .testTarget(
            name: "NonlocalWorkflowsTests",
            dependencies: [
                "NonlocalWorkflows", "NonlocalExport", "NonlocalKernels", "NonlocalGenerators", "NonlocalDataset", "NonlocalTestSupport", "NonlocalFiles",
                "NonlocalReferences",
            ]),
        // Replays fixtures/fuzz/<reader>/crashers/ (found by the fuzz/ package, `make fuzz`) through the plain readers.
        .testTarget(name: "FuzzRegressionTests", dependencies: ["NonlocalExport", "NonlocalDataset", "NonlocalKernels"]),
        .testTarget(
            name: "NonlocalCommandTests", dependencies: ["NonlocalGenerators", "NonlocalDataset", "NonlocalKernels", "NonlocalLinearAlgebra"],
            // The --help golden files, read from the source tree by path.
            exclude: ["golden"]),
    ],
    swiftLanguageModes: [.v6]
)
