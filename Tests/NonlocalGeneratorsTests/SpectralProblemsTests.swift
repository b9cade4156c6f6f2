// Tests of the spectral generators: each dataset satisfies its equation mode by mode, checked by an independent DFT.
import Foundation
import NonlocalAssembly
import NonlocalGenerators
import NonlocalKernels
import NonlocalTestSupport
import Testing

/// ĉ_k = (2/n) Σ_j v_j cos(2πk x_j), x_j = j/n, for 0 < k < n/2: the cosine coefficients of a sample.
func cosineCoefficients(_ v: [Double], modes: ClosedRange<Int>) -> [Double] {
    let n = Double(v.count)
    return modes.map { k in 2 / n * v.indices.reduce(0) { $0 + v[$1] * cos(2 * .pi * Double(k) * Double($1) / n) } }
}

/// ŝ_k = (2/n) Σ_j v_j sin(2πk x_j), x_j = j/n, for 0 < k < n/2: the sine coefficients of a sample.
func sineCoefficients(_ v: [Double], modes: ClosedRange<Int>) -> [Double] {
    let n = Double(v.count)
    return modes.map { k in 2 / n * v.indices.reduce(0) { $0 + v[$1] * sin(2 * .pi * Double(k) * Double($1) / n) } }
}

func sample(_ m: DenseMatrix, _ s: Int) -> [Double] { m.column(s) }

@Suite struct SpectralProblemsTests {
    @Test func biharmonicDataSatisfyTheEquationModeByMode() throws {
        for (c, horizon) in [(1e-4, 0.125), (0.1, 0.99)] {
            var problem = BiharmonicProblem()
            problem.c = c
            problem.horizon = horizon
            problem.samples = 20
            let data = try problem.generate()
            // u = (−∂² + cδ²∂⁴)⁻¹ f mode by mode. (The forward check f̂ = σ û would multiply the
            // rounding of û by σ(49) ≈ 10¹⁰: the operator is unbounded, its inverse is not.)
            for s in 0..<20 {
                let u = cosineCoefficients(sample(data.u, s), modes: 1...49)
                let f = cosineCoefficients(sample(data.f, s), modes: 1...49)
                let scale = u.map(abs).max()!
                let worst = (0..<49).map { abs(u[$0] - f[$0] / problem.symbol(Double($0 + 1))) }.max()!
                #expect(worst <= 1e-12 * scale, "c = \(c), δ = \(horizon): \(worst / scale)")
            }
        }
        // The paper's test forcing: (4π² + 16cδ²π⁴) sin(2πx) has the exact solution sin(2πx).
        var problem = BiharmonicProblem()
        problem.c = 0.01
        #expect(abs(problem.symbol(1) - (4 * .pi * .pi + 16 * 0.01 * 0.25 * pow(.pi, 4))) <= 1e-12 * problem.symbol(1))
    }

    @Test(arguments: [1, 2])
    func periodicFractionalDataSatisfyTheSymbol(dimension: Int) throws {
        var problem = PeriodicFractionalProblem()
        problem.dimension = dimension
        problem.points = dimension == 1 ? 64 : 24
        problem.modes = dimension == 1 ? 20 : 5
        problem.samples = 6
        let data = try problem.generate()
        let grid = try data.grid.makeGrid()
        // Complex DFT F(k) = Σ_j v_j e^{−2πi k·x_j}; for v = Σ c_k cos(2πk·x), F_f(k) = |2πk|^{2s} F_u(k).
        for s in 0..<6 {
            for k in problem.wavevectors {
                let kx = SIMD2<Double>(Double(k.x), Double(k.y))
                func transform(_ v: [Double]) -> (Double, Double) {
                    grid.interiorCoordinates.indices.reduce((0.0, 0.0)) { sum, j in
                        let phase = 2 * .pi * (kx * grid.interiorCoordinates[j]).sum()
                        return (sum.0 + v[j] * cos(phase), sum.1 - v[j] * sin(phase))
                    }
                }
                let (fr, fi) = transform(sample(data.f, s)), (ur, ui) = transform(sample(data.u, s))
                let scale = Double(grid.interiorCount) * sample(data.f, s).maximumNorm
                #expect(abs(fr - problem.symbol(k) * ur) + abs(fi - problem.symbol(k) * ui) <= 1e-12 * scale)
            }
        }
    }

    @Test(arguments: ManufacturedKernel.Profile.allCases)
    func manufacturedDataAreReproducedByTheAssembledOperator(profile: ManufacturedKernel.Profile) throws {
        for content in ManufacturedProblem.Content.allCases {
            var problem = ManufacturedProblem()
            problem.kernel = profile
            problem.content = content
            problem.samples = 40
            let data = try problem.generate()
            let grid = try data.grid.makeGrid()
            // An independent path: the assembled CSR matrix times u.
            let matrix = NonlocalOperator(kernel: ManufacturedKernel(profile, horizon: 0.25, dimension: 1), grid: grid).assemble()
            for s in 0..<40 {
                let f = sample(data.f, s)
                #expect(matrix.multiply(sample(data.u, s)).subtracting(f).maximumNorm <= 1e-13 * f.maximumNorm)
            }
        }
    }

    @Test func continuousSymbolOfTheLinearKernelMatchesItsClosedForm() {
        // σ(k) = (8/δ⁴) ∫_0^δ r(1 − cos ar) dr = (8/δ⁴)(δ²/2 − (cos aδ − 1)/a² − δ sin(aδ)/a), a = 2πk.
        let delta = 0.25
        let symbol = ManufacturedProblem.continuousSymbol(of: ManufacturedKernel.linear(horizon: delta, dimension: 1))
        for k in [1.0, 3, 17, 100] {
            let a = 2 * .pi * k
            let exact = 8 / pow(delta, 4) * (delta * delta / 2 - (cos(a * delta) - 1) / (a * a) - delta * sin(a * delta) / a)
            #expect(abs(symbol(k) - exact) <= 1e-13 * exact, "k = \(k)")
        }
    }

    @Test func symbolForcingMatchesTheSymbolModeByMode() throws {
        var problem = ManufacturedProblem()
        problem.kernel = .cosine
        problem.forcing = .continuousSymbol
        problem.samples = 10
        let data = try problem.generate()
        let symbol = ManufacturedProblem.continuousSymbol(of: ManufacturedKernel.cosine(horizon: 0.25, dimension: 1))
        for s in 0..<10 {
            let u = cosineCoefficients(sample(data.u, s), modes: 1...40)
            let f = cosineCoefficients(sample(data.f, s), modes: 1...40)
            let worst = (0..<40).map { abs(f[$0] - symbol(Double($0 + 1)) * u[$0]) }.max()!
            #expect(worst <= 1e-12 * f.map(abs).max()!)
        }
    }

    /// (5.5): the second half of the samples is ξ₁ sin(2πk₁x) + ξ₂ cos(2πk₂x): exactly one sine and
    /// one cosine mode, both in 5…15, and nothing else (no mean, no other mode); the first half,
    /// cosine series, has no sine content. Over 100 such samples every k₁ and every k₂ in 5…15 is drawn.
    @Test func highFrequencySamplesCarryModesFiveToFifteen() throws {
        var problem = ManufacturedProblem()
        problem.content = .high
        problem.samples = 200
        let data = try problem.generate()
        var drawnSines: Set<Int> = [], drawnCosines: Set<Int> = []
        for s in 0..<200 {
            let u = sample(data.u, s)
            let cosines = cosineCoefficients(u, modes: 1...49), sines = sineCoefficients(u, modes: 1...49)
            let threshold = 1e-12 * u.maximumNorm
            let sineModes = (1...49).filter { abs(sines[$0 - 1]) > threshold }
            let cosineModes = (1...49).filter { abs(cosines[$0 - 1]) > threshold }
            guard s >= 100 else {
                #expect(sineModes.isEmpty && cosineModes.contains(1), "low-frequency sample \(s): sines at \(sineModes)")
                continue
            }
            #expect(sineModes.count == 1 && cosineModes.count == 1, "sample \(s): sines at \(sineModes), cosines at \(cosineModes)")
            #expect((sineModes + cosineModes).allSatisfy { (5...15).contains($0) }, "sample \(s): \(sineModes), \(cosineModes)")
            #expect(abs(u.reduce(0, +)) <= threshold * Double(u.count), "sample \(s) has a mean")
            // The amplitudes are the drawn ξ ∈ [0, 1).
            #expect((sineModes.map { sines[$0 - 1] } + cosineModes.map { cosines[$0 - 1] }).allSatisfy { $0 > 0 && $0 < 1 + 1e-12 })
            drawnSines.formUnion(sineModes)
            drawnCosines.formUnion(cosineModes)
        }
        #expect(drawnSines == Set(5...15) && drawnCosines == Set(5...15), "k₁ drawn: \(drawnSines.sorted()), k₂: \(drawnCosines.sorted())")
    }

    @Test func invalidParametersAreNamed() {
        var problem = ManufacturedProblem()
        problem.horizon = 0.001
        #expect(throws: GeneratorError.self) { try problem.generate() }
        var fractional = PeriodicFractionalProblem()
        fractional.order = 1.5
        #expect(throws: GeneratorError.invalidParameter(name: "order", value: "1.5", allowed: "use s in (0, 1)")) {
            try fractional.generate()
        }
    }
}
