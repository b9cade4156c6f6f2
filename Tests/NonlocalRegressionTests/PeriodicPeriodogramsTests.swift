// Tests of the periodic periodograms: the defining DFT sums, Parseval with the weights w_k, the difference operators' eigenvalues, and sums in fixed halves.
import Foundation
import NonlocalAssembly
import NonlocalDataset
import NonlocalLinearAlgebra
import NonlocalRegression
import Testing

@Suite struct PeriodicPeriodogramsTests {
    /// Random u and f in [−1, 1) on a periodic grid of n points (period 1): every frequency is
    /// excited, the constant and (n even) the alternating mode included.
    static func randomData(points: Int, samples: Int, seed: UInt64) -> Dataset {
        var generator = SplitMix64(seed: seed)
        return Dataset(
            problem: "random", grid: .periodic(dimension: 1, points: points, length: 1),
            u: DenseMatrix(rowCount: points, columnCount: samples, storage: generator.uniform(points * samples)),
            f: DenseMatrix(rowCount: points, columnCount: samples, storage: generator.uniform(points * samples)),
            exterior: nil, evaluationMask: [Bool](repeating: true, count: points))
    }

    /// The defining O(n²) sums for one sample: per k = 0…⌊n/2⌋, |û(k)|², Re(û(k) conj f̂(k)) and
    /// |f̂(k)|² with û(k) = Σ_j u_j e^{−2πi jk/n}.
    static func definingSums(_ u: [Double], _ f: [Double]) -> (power: [Double], cross: [Double], target: [Double]) {
        let n = u.count
        var result: (power: [Double], cross: [Double], target: [Double]) = ([], [], [])
        for k in 0...(n / 2) {
            var (ur, ui, fr, fi) = (0.0, 0.0, 0.0, 0.0)
            for j in 0..<n {
                let phase = 2 * Double.pi * Double(j * k % n) / Double(n)
                (ur, ui) = (ur + u[j] * cos(phase), ui - u[j] * sin(phase))
                (fr, fi) = (fr + f[j] * cos(phase), fi - f[j] * sin(phase))
            }
            result.power.append(ur * ur + ui * ui)
            result.cross.append(ur * fr + ui * fi)
            result.target.append(fr * fr + fi * fi)
        }
        return result
    }

    static func maximumDifference(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).map { abs($0 - $1) }.max() ?? 0
    }

    /// Each sample's periodograms are the defining DFT sums, for odd and even n (even n has the
    /// alternating mode k = n/2), over a range that starts inside the data and spans several
    /// blocks of 64 samples unevenly. |û(k)|² ≤ n‖u‖², so errors are measured against n‖u‖² + n‖f‖².
    @Test(arguments: [15, 16, 100])
    func perSampleValuesAreTheDefiningSums(points: Int) {
        let data = Self.randomData(points: points, samples: 150, seed: UInt64(points))
        let periodograms = PeriodicPeriodograms(length: points)
        let samples = periodograms.samples(data, 3..<150)
        #expect(periodograms.frequencyCount == points / 2 + 1)
        #expect(samples.power.rowCount == points / 2 + 1 && samples.power.columnCount == 147)
        for j in 0..<147 {
            let (u, f) = (data.u.column(3 + j), data.f.column(3 + j))
            let expected = Self.definingSums(u, f)
            let tolerance = 1e-13 * Double(points) * (u.dot(u) + f.dot(f))
            #expect(Self.maximumDifference(samples.power.column(j), expected.power) <= tolerance, "n = \(points), sample \(3 + j): power")
            #expect(Self.maximumDifference(samples.crossPower.column(j), expected.cross) <= tolerance, "n = \(points), sample \(3 + j): cross")
            #expect(Self.maximumDifference(samples.targetPower.column(j), expected.target) <= tolerance, "n = \(points), sample \(3 + j): target")
        }
    }

    /// Parseval: Σ_k ω_k |û(k)|² = ‖u‖², Σ_k ω_k Re(û conj f̂) = u·f, Σ_k ω_k |f̂(k)|² = ‖f‖², with
    /// ω_k = w_k/n, w_k = 2 for 0 < k < n/2 and 1 for k = 0 and k = n/2. The alternating signal
    /// (−1)^j lives on k = n/2 alone (|û(n/2)|² = n², ‖u‖² = n): a weight of 2 there doubles its norm.
    @Test(arguments: [15, 16, 64])
    func weightsAreParseval(points: Int) {
        var data = Self.randomData(points: points, samples: 20, seed: 7 + UInt64(points))
        if points % 2 == 0 {
            for j in 0..<points { data.u[j, 0] = j % 2 == 0 ? 1 : -1 }
        }
        let periodograms = PeriodicPeriodograms(length: points)
        let samples = periodograms.samples(data, 0..<20)
        let weights = periodograms.weights
        for i in 0..<20 {
            let (u, f) = (data.u.column(i), data.f.column(i))
            let scale = 1e-14 * Double(points) * (u.dot(u) + f.dot(f))
            #expect(abs(weights.dot(samples.power.column(i)) - u.dot(u)) <= scale, "n = \(points), sample \(i): ‖u‖²")
            #expect(abs(weights.dot(samples.crossPower.column(i)) - u.dot(f)) <= scale, "n = \(points), sample \(i): u·f")
            #expect(abs(weights.dot(samples.targetPower.column(i)) - f.dot(f)) <= scale, "n = \(points), sample \(i): ‖f‖²")
        }
        if points % 2 == 0 {
            #expect(abs(samples.power[points / 2, 0] - Double(points * points)) <= 1e-12 * Double(points * points))
            #expect(abs(weights.dot(samples.power.column(0)) - Double(points)) <= 1e-13 * Double(points))
        }
    }

    /// The eigenvalues λ_c(k) are those of the difference operators: by Parseval,
    /// `(D_c u)·(D_c' u) = Σ_k ω_k λ_c(k) λ_c'(k) |û(k)|²` and `(D_c u)·f = Σ_k ω_k λ_c(k) Re(û conj f̂)`,
    /// with `(D_c u)_x = Σ_{|ξ| = r_c} (u_x − u_{x+ξ mod n})` summed directly, for a horizon within
    /// L/2 and one beyond it whose stencil wraps.
    @Test(arguments: [(16, 0.2), (15, 0.7), (32, 0.45)])
    func eigenvaluesDiagonalizeTheDifferenceOperators(points: Int, horizon: Double) {
        let data = Self.randomData(points: points, samples: 5, seed: 31 + UInt64(points))
        let stencil = Stencil(dimension: 1, spacing: 1 / Double(points), horizon: horizon)
        let periodograms = PeriodicPeriodograms(length: points)
        let lambda = periodograms.eigenvalues(of: stencil)
        let samples = periodograms.samples(data, 0..<5)
        let classes = stencil.classRadii.count
        #expect(lambda.rowCount == points / 2 + 1 && lambda.columnCount == classes)
        for i in 0..<5 {
            let (u, f) = (data.u.column(i), data.f.column(i))
            var differences = [[Double]](repeating: [Double](repeating: 0, count: points), count: classes)
            for (offset, c) in zip(stencil.offsets, stencil.radiusClass) {
                for x in 0..<points { differences[c][x] += u[x] - u[((x + offset.x) % points + points) % points] }
            }
            let scale = 1e-13 * Double(points) * (u.dot(u) + f.dot(f)) * Double(stencil.count * stencil.count)
            for c in 0..<classes {
                var cross = 0.0
                for k in 0..<lambda.rowCount { cross += periodograms.weights[k] * lambda[k, c] * samples.crossPower[k, i] }
                #expect(abs(cross - differences[c].dot(f)) <= scale, "n = \(points), sample \(i), class \(c): (D_c u)·f")
                for c2 in 0..<classes {
                    var gram = 0.0
                    for k in 0..<lambda.rowCount { gram += periodograms.weights[k] * lambda[k, c] * lambda[k, c2] * samples.power[k, i] }
                    #expect(abs(gram - differences[c].dot(differences[c2])) <= scale, "n = \(points), sample \(i), classes \(c), \(c2)")
                }
            }
        }
    }

    /// Sums over uneven ranges (147 samples in halves of 73 and 74, a single sample whose first
    /// half is empty) are the defining sums to rounding, and exactly the per-sample values summed
    /// in the documented order: each half in sample order from zero, then the halves added in
    /// turn. That order is fixed (not the core count), so `nonlocal learn` gives the same bits on
    /// every machine.
    @Test(arguments: [17, 64])
    func sumsAreThePerSampleValuesSummedInFixedHalves(points: Int) {
        let data = Self.randomData(points: points, samples: 160, seed: 3 * UInt64(points))
        let periodograms = PeriodicPeriodograms(length: points)
        let frequencies = periodograms.frequencyCount
        var sums = PeriodicPeriodograms.Sums(frequencies: frequencies)
        let calls = [3..<150, 150..<151, 151..<160]
        for range in calls { periodograms.accumulate(data, samples: range, into: &sums) }

        var power = [Double](repeating: 0, count: frequencies), cross = power, target = power
        var expectedPower = power, expectedCross = power, expectedTarget = power
        var sizeOfData = 0.0
        for range in calls {
            let values = periodograms.samples(data, range)
            let halves = [0..<(range.count / 2), (range.count / 2)..<range.count]
            for half in halves {
                var partial = (power: [Double](repeating: 0, count: frequencies), cross: [Double](repeating: 0, count: frequencies), target: [Double](repeating: 0, count: frequencies))
                for j in half {
                    for k in 0..<frequencies {
                        partial.power[k] += values.power[k, j]
                        partial.cross[k] += values.crossPower[k, j]
                        partial.target[k] += values.targetPower[k, j]
                    }
                }
                for k in 0..<frequencies {
                    power[k] += partial.power[k]
                    cross[k] += partial.cross[k]
                    target[k] += partial.target[k]
                }
            }
            for i in range {
                let (u, f) = (data.u.column(i), data.f.column(i))
                let defining = Self.definingSums(u, f)
                for k in 0..<frequencies {
                    expectedPower[k] += defining.power[k]
                    expectedCross[k] += defining.cross[k]
                    expectedTarget[k] += defining.target[k]
                }
                sizeOfData += Double(points) * (u.dot(u) + f.dot(f))
            }
        }
        #expect(sums.power == power && sums.crossPower == cross && sums.targetPower == target)
        let tolerance = 1e-13 * sizeOfData
        #expect(Self.maximumDifference(sums.power, expectedPower) <= tolerance)
        #expect(Self.maximumDifference(sums.crossPower, expectedCross) <= tolerance)
        #expect(Self.maximumDifference(sums.targetPower, expectedTarget) <= tolerance)
    }
}
