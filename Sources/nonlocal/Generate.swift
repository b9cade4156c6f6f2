// `nonlocal generate`: write the paper's high-fidelity datasets as NetCDF files.
import ArgumentParser
import NonlocalAssembly
import NonlocalGenerators
import NonlocalKernels
import NonlocalReferences
import NonlocalWorkflows

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate a high-fidelity dataset (u, f pairs) as a NetCDF file.", discussion: "Example: nonlocal generate fractional --order 0.75 --samples 2000 -o frac.nc",
        subcommands: [Manufactured.self, Darcy.self, Biharmonic.self, Fractional.self, FractionalPeriodic.self, Operator.self])

    /// Options every generator takes.
    struct Common: ParsableArguments {
        @Option(name: [.customShort("o"), .long], help: "The dataset file to write (NetCDF-4).")
        var output: String

        @Option(parsing: .unconditional, help: "Seed of the random coefficients; the same flags and seed give identical files.")
        var seed = Seed(1)

        @Option(parsing: .unconditional, help: "Number of (u, f) samples (default 50,000; darcy 1,000; fractional-periodic 10,000).")
        var samples: Int?

        func validate() throws {
            if let samples, !(1...10_000_000).contains(samples) { throw CommandError("--samples \(samples) is out of range; give 1 to 10,000,000") }
            _ = try seed.checked()
            try OutputPath.check(output, extensions: ["nc"])
        }

        /// Sets the seed, and the sample count when given.
        func apply(to problem: inout some SampledProblem) {
            problem.seed = seed.value ?? 0  // checked in validate()
            if let samples { problem.samples = samples }
        }
    }

    /// The random spectrum exp(−α|k|²) ξ of the spectral generators.
    struct Spectrum: ParsableArguments {
        @Option(parsing: .unconditional, help: "Decay α of the random spectrum exp(−α k²) ξ.")
        var decay: Double = 0.1

        func apply(to problem: inout some SpectralProblem) { problem.decay = decay }
    }

    /// Generates, writes and reports a dataset.
    static func write(_ problem: some SampledProblem, to path: String) throws {
        let outcome = try DatasetGeneration.run(problem, to: path, progress: progress)
        print("wrote \(path): \(outcome.problem), \(outcome.samples.grouped) samples on grid \(outcome.grid), \(outcome.evaluationPoints) evaluation points (\(outcome.seconds.fixed(2)) s)")
    }

    struct Manufactured: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Data from the manufactured kernels (5.3) and (5.4) on the periodic unit interval (§5).", discussion: "Example: nonlocal generate manufactured --kernel cosine --content high -o m.nc")


        @OptionGroup var console: ConsoleOptions

        @OptionGroup var common: Common
        @OptionGroup var spectrum: Spectrum
        @Option(help: "Kernel: linear (5.3) or cosine (5.4).") var kernel: ManufacturedKernel.Profile = .linear
        @Option(help: "Frequency content: low (5.1–5.2) or high (half the samples from 5.5).") var content: ManufacturedProblem.Content = .low
        @Option(help: "f from the same discrete operator (operator) or the continuous symbol (symbol).") var forcing: ManufacturedProblem.Forcing = .discreteOperator
        @Option(parsing: .unconditional, help: "Grid points on [0, 1).") var points = 100
        @Option(parsing: .unconditional, help: "Horizon δ.") var horizon = 0.25
        @Option(parsing: .unconditional, help: "Highest cosine mode of u.") var modes = 100

        func run() throws {
            var problem = ManufacturedProblem()
            problem.kernel = kernel
            problem.content = content
            problem.forcing = forcing
            problem.points = points
            problem.horizon = horizon
            problem.modes = modes
            spectrum.apply(to: &problem)
            common.apply(to: &problem)
            try Generate.write(problem, to: common.output)
        }
    }

    struct Darcy: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Coarse-grained heterogeneous Darcy flow on [0, 10] with cells of diffusivity 1 and 4 (§6).", discussion: "Example: nonlocal generate darcy --minimum-wavelength 1 -o darcy.nc")


        @OptionGroup var console: ConsoleOptions

        @OptionGroup var common: Common
        @Option(parsing: .unconditional, help: "Shortest forcing wavelength λmin; wavenumbers k are uniform in 1…⌊10/λmin⌋.") var minimumWavelength = 1.0
        @Option(parsing: .unconditional, help: "Points of the periodic learning grid.") var learningPoints = 500
        @Option(parsing: .unconditional, help: "Finite elements per cell of width L = 0.1.") var elementsPerCell = 16
        @Option(parsing: .unconditional, help: "Diffusivities of the even and odd cells, A,B.") var diffusivities = "1,4"
        @Option(
            parsing: .unconditional,
            help: "How u and f are averaged over one period 2L of the cells: 'moving' (around every learning point) or 'cell-pairs' (per cell pair, constant on it, as §6 prints).")
        var coarseGraining = DarcyFlow.CoarseGraining.moving

        /// `--diffusivities A,B` as two numbers (a sign is part of a number, so `-4` is refused by
        /// the generator's range, not mistaken for an option).
        var diffusivityPair: (even: Double, odd: Double) {
            get throws {
                let values = diffusivities.split(separator: ",", omittingEmptySubsequences: false).map { Double($0.filter { $0 != " " }) }
                guard values.count == 2, let even = values[0], let odd = values[1] else {
                    throw CommandError("--diffusivities takes two numbers separated by a comma, e.g. --diffusivities 1,4 (got '\(diffusivities)')")
                }
                return (even, odd)
            }
        }

        func validate() throws { _ = try diffusivityPair }

        func run() throws {
            var problem = DarcyProblem()
            problem.minimumWavelength = minimumWavelength
            problem.learningPoints = learningPoints
            problem.elementsPerCell = elementsPerCell
            problem.diffusivities = try diffusivityPair
            problem.coarseGraining = coarseGraining
            common.apply(to: &problem)
            try Generate.write(problem, to: common.output)
        }
    }

    struct Biharmonic: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Data of −u_xx + cδ²u_xxxx = f on the periodic unit interval (§7).", discussion: "Example: nonlocal generate biharmonic --c 3e-4 --horizon 0.5 -o biharmonic.nc")


        @OptionGroup var console: ConsoleOptions

        @OptionGroup var common: Common
        @OptionGroup var spectrum: Spectrum
        @Option(parsing: .unconditional, help: "The coefficient c.") var c = 3e-4
        @Option(parsing: .unconditional, help: "The length scale δ in cδ².") var horizon = 0.5
        @Option(parsing: .unconditional, help: "Grid points on [0, 1).") var points = 100
        @Option(parsing: .unconditional, help: "Highest cosine mode of f.") var modes = 99

        func run() throws {
            var problem = BiharmonicProblem()
            problem.c = c
            problem.horizon = horizon
            problem.points = points
            problem.modes = modes
            spectrum.apply(to: &problem)
            common.apply(to: &problem)
            try Generate.write(problem, to: common.output)
        }
    }

    struct Fractional: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "(−Δ)^s u = f on (−1, 1) or the unit disk, u = 0 outside, by Green's-function quadrature (§8).", discussion: "Examples:\n  nonlocal generate fractional --order 0.75 -o frac.nc\n  nonlocal generate fractional --dimension 2 --samples 200 -o disk.nc")


        @OptionGroup var console: ConsoleOptions

        @OptionGroup var common: Common
        @OptionGroup var spectrum: Spectrum
        @Option(parsing: .unconditional, help: "Dimension: 1 (interval) or 2 (disk).") var dimension = 1
        @Option(parsing: .unconditional, help: "Fractional order s in (0, 1).") var order = 0.75
        @Option(parsing: .unconditional, help: "Grid spacing h (default 0.01 in 1D, 0.05 in 2D).") var spacing: Double?
        @Option(parsing: .unconditional, help: "Width of the zero layer, the largest horizon to learn with (default 4 in 1D, 1 in 2D).") var layerWidth: Double?
        @Option(parsing: .unconditional, help: "Highest forcing mode per axis (default 99 in 1D, 10 in 2D).") var modes: Int?
        @Option(help: "The forcings' reading of (7.2) on (−1, 1): cos-kx, cos(κkx) (the default, which reproduces Table 3); cos-pi-kx, cos(πκkx); cos-pi-k-shifted, cos(πκk(x+1)).")
        var forcing: FractionalProblem.Forcing = .cosKX
        @Option(parsing: .unconditional, help: "Scale κ of the forcing wavenumbers (see --forcing).") var wavenumberScale = 1.0
        @Flag(help: "Include the constant forcing mode k = 0.") var constantMode = false
        @Option(parsing: .unconditional, help: "Radius of the evaluation points X (|x| ≤ r).") var evaluationRadius = 0.8

        func run() throws {
            var problem = FractionalProblem()
            problem.dimension = dimension
            problem.order = order
            problem.spacing = spacing
            problem.layerWidth = layerWidth
            problem.modes = modes
            problem.wavenumberScale = wavenumberScale
            problem.forcing = forcing
            problem.includeConstantMode = constantMode
            problem.evaluationRadius = evaluationRadius
            spectrum.apply(to: &problem)
            common.apply(to: &problem)
            try Generate.write(problem, to: common.output)
        }
    }

    struct FractionalPeriodic: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fractional-periodic", abstract: "Data of (−Δ)^s u = f on the periodic unit box, from the symbol |2πk|^{2s}.", discussion: "Example: nonlocal generate fractional-periodic --dimension 2 --points 64 -o fp.nc")


        @OptionGroup var console: ConsoleOptions

        @OptionGroup var common: Common
        @OptionGroup var spectrum: Spectrum
        @Option(parsing: .unconditional, help: "Dimension, 1 or 2.") var dimension = 1
        @Option(parsing: .unconditional, help: "Fractional order s in (0, 1).") var order = 0.75
        @Option(parsing: .unconditional, help: "Grid points per side.") var points = 100
        @Option(parsing: .unconditional, help: "Highest wavenumber |k|∞ of f.") var modes = 20

        func run() throws {
            var problem = PeriodicFractionalProblem()
            problem.dimension = dimension
            problem.order = order
            problem.points = points
            problem.modes = modes
            spectrum.apply(to: &problem)
            common.apply(to: &problem)
            try Generate.write(problem, to: common.output)
        }
    }
}

extension Generate {
    struct Operator: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Data (u, f = A u) from a dense (−Δ)^s reference or a matrix of your own, to learn a surrogate of it.",
            discussion: """
                --spectrum modes: u runs through the eigenvectors of the grid's nearest-neighbour Laplacian (sine modes on \
                the interval), lowest first — every frequency once, what a preconditioner must match (learn with \
                --loss spectral). --spectrum white: seeded normal values at every unknown.

                Example: nonlocal generate operator --reference naive --order 0.75 \
                    --grid interval:a=-1,b=1,h=0.00390625,delta=0.25 -o naive-modes.nc
                """)

        @OptionGroup var console: ConsoleOptions

        @Option(name: [.customShort("o"), .long], help: "The dataset file to write (NetCDF-4).") var output: String
        @Option(help: "A built-in reference: naive or accurate (or give --matrix).") var reference: String?
        @Option(help: "Your operator: a matrix file (.nc, .petsc, .mtx) whose rows are the grid's unknowns.") var matrix: String?
        @Option(help: "The NetCDF variable holding the matrix (default: the only 2-D variable).") var variable: String?
        @Option(parsing: .unconditional, help: "The fractional order s (required with --reference; recorded with --matrix).") var order: Double?
        @Option(help: "The grid, e.g. interval:a=-1,b=1,h=0.0078125,delta=0.25 or disk:r=1,h=0.0625,delta=0.2.") var grid: String
        @Option(help: "modes or white.") var spectrum: OperatorData.Spectrum = .modes
        @Option(parsing: .unconditional, help: "Number of samples (default: every mode, or 1,000 white samples).") var samples: Int?
        @Option(parsing: .unconditional, help: "Seed of the white samples.") var seed = Seed(1)

        var request: OperatorDataGeneration {
            get throws {
                let source: OperatorDataGeneration.Source
                switch (reference, matrix) {
                case (let kind?, nil): source = .reference(try FractionalReference.Kind(parsing: kind))
                case (nil, let path?): source = .matrix(path: path, variable: variable)
                default: throw CommandError("give exactly one of --reference naive|accurate and --matrix FILE")
                }
                var request = OperatorDataGeneration(source: source, grid: try GridSpecification(parsing: grid))
                request.order = order
                request.spectrum = spectrum
                request.samples = samples
                request.seed = try seed.checked()
                return request
            }
        }

        func validate() throws {
            try OutputPath.check(output, extensions: ["nc"], inputs: matrix.map { [$0] } ?? [])
            try request.validate()
        }

        func run() throws {
            let outcome = try request.run(writingTo: output, progress: progress)
            print("wrote \(output): \(outcome.problem), \(outcome.samples.grouped) samples on grid \(outcome.grid), \(outcome.evaluationPoints) evaluation points (\(outcome.seconds.fixed(2)) s)")
        }
    }
}

extension OperatorData.Spectrum: ExpressibleByArgument {}
extension ManufacturedKernel.Profile: ExpressibleByArgument {}
extension ManufacturedProblem.Content: ExpressibleByArgument {}
extension ManufacturedProblem.Forcing: ExpressibleByArgument {}
extension FractionalProblem.Forcing: ExpressibleByArgument {}
extension DarcyFlow.CoarseGraining: ExpressibleByArgument {}
