// Tests of the FFTW wrapper: pure modes land on their frequency, random signals match the defining sum, Parseval holds.
import Foundation
import NonlocalLinearAlgebra
import Synchronization
import Testing

@Suite struct RealFourierTransformTests {
    @Test(arguments: [1, 2, 7, 100, 101])
    func modesLandOnTheirFrequency(n: Int) {
        // u_j = cos(2πkj/n) + 3 sin(2πk'j/n): û_k = n/2 (n when k = 0 or 2k = n), û_k' = −3in/2.
        let transform = RealFourierTransform(length: n)
        #expect(transform.frequencyCount == n / 2 + 1)
        for k in 0..<transform.frequencyCount {
            let sine = (k + 1) % transform.frequencyCount
            let signal = (0..<n).map { j in
                cos(2 * .pi * Double(k * j % n) / Double(n)) + 3 * sin(2 * .pi * Double(sine * j % n) / Double(n))
            }
            let spectrum = transform.spectra(columns: 0..<1, of: DenseMatrix(columns: [signal])).storage
            for q in 0..<transform.frequencyCount {
                let real = q == k ? (q == 0 || 2 * q == n ? Double(n) : Double(n) / 2) : 0
                let sineVanishes = sine == 0 || 2 * sine == n
                let imaginary = q == sine && !sineVanishes ? -3 * Double(n) / 2 : 0
                #expect(abs(spectrum[2 * q] - real) <= 1e-12 * Double(n), "n = \(n), k = \(k): Re û_\(q) = \(spectrum[2 * q])")
                #expect(abs(spectrum[2 * q + 1] - imaginary) <= 1e-12 * Double(n), "n = \(n), k' = \(sine): Im û_\(q) = \(spectrum[2 * q + 1])")
            }
        }
    }

    @Test func columnsMatchTheDefiningSumAndParseval() {
        var generator = SplitMix64(seed: 11)
        let n = 96, columns = 9
        let signals = DenseMatrix(rowCount: n, columnCount: columns, storage: generator.uniform(n * columns))
        let transform = RealFourierTransform(length: n)
        let spectra = transform.spectra(columns: 2..<7, of: signals)
        #expect(spectra.rowCount == 2 * (n / 2 + 1) && spectra.columnCount == 5)
        for j in 0..<5 {
            let u = signals.column(2 + j)
            var energy = 0.0
            for k in 0..<transform.frequencyCount {
                // The direct O(n²) sum, phases reduced mod n so no large angle loses digits.
                var (real, imaginary) = (0.0, 0.0)
                for (x, value) in u.enumerated() {
                    let phase = 2 * .pi * Double(k * x % n) / Double(n)
                    real += value * cos(phase)
                    imaginary -= value * sin(phase)
                }
                #expect(abs(spectra[2 * k, j] - real) <= 10 * Double(n) * .ulpOfOne * Double(n), "column \(j), k = \(k)")
                #expect(abs(spectra[2 * k + 1, j] - imaginary) <= 10 * Double(n) * .ulpOfOne * Double(n), "column \(j), k = \(k)")
                let weight = (k == 0 || 2 * k == n) ? 1.0 : 2.0
                energy += weight * (spectra[2 * k, j] * spectra[2 * k, j] + spectra[2 * k + 1, j] * spectra[2 * k + 1, j]) / Double(n)
            }
            let direct = u.reduce(0) { $0 + $1 * $1 }
            #expect(abs(energy - direct) <= 10 * Double(n) * .ulpOfOne * direct, "Parseval, column \(j): \(energy) vs \(direct)")
        }
        #expect(transform.spectra(columns: 4..<4, of: signals).columnCount == 0)
    }

    @Test func concurrentUseGivesTheSameBits() {
        // One plan, many threads, and plans made while others run: every thread's spectra equal
        // the single-threaded ones exactly.
        var generator = SplitMix64(seed: 5)
        let signals = DenseMatrix(rowCount: 100, columnCount: 64, storage: generator.uniform(6_400))
        let transform = RealFourierTransform(length: 100)
        let reference = transform.spectra(columns: 0..<64, of: signals)
        let mismatches = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 8) { chunk in
            let own = RealFourierTransform(length: 100)
            let mine = (chunk.isMultiple(of: 2) ? transform : own).spectra(columns: (8 * chunk)..<(8 * chunk + 8), of: signals)
            let expected = reference.storage[(8 * chunk * reference.rowCount)..<((8 * chunk + 8) * reference.rowCount)]
            if !mine.storage.elementsEqual(expected) { mismatches.withLock { $0 += 1 } }
        }
        #expect(mismatches.withLock { $0 } == 0)
    }
}
