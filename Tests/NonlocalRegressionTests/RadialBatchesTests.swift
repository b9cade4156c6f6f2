// Tests of the class-level minibatch losses: stored moments and recomputed differences agree, and the total is the radial moments.
import NonlocalAssembly
import NonlocalDataset
import NonlocalGenerators
import NonlocalRegression
import NonlocalTestSupport
import Testing

@Suite struct RadialBatchesTests {
    static func fractionalData(samples: Int) throws -> Dataset {
        var problem = FractionalProblem()
        problem.samples = samples
        return try problem.generate()
    }

    /// On the fractional problem (interval, u = 0 outside, X = 161 of 199 unknowns) both sources
    /// give the same batch loss and half gradient at random class weights, and the same total.
    @Test func storedMomentsAndRecomputedDifferencesAgree() throws {
        let data = try Self.fractionalData(samples: 25)
        let stored = try RadialBatches(dataset: data, horizon: 0.5, samples: 3..<25, storage: .perSampleMoments)
        let recomputed = try RadialBatches(dataset: data, horizon: 0.5, samples: 3..<25, storage: .recomputedDifferences)
        #expect(stored.storesMoments && !recomputed.storesMoments)
        #expect(stored.sampleCount == 22 && stored.stencil.classRadii.count == 50)
        let totalError = stored.total.gram.storage.subtracting(recomputed.total.gram.storage).maximumNorm
        #expect(totalError <= 1e-12 * recomputed.total.gram.storage.maximumNorm)
        var generator = SplitMix64(seed: 4)
        let weights = generator.uniform(50, in: -1..<1)
        for batch in [[0], [21, 4, 4, 13], Array(0..<22)] {
            let (a, b) = (stored.loss(of: batch, at: weights), recomputed.loss(of: batch, at: weights))
            #expect(abs(a.value - b.value) <= 1e-11 * b.value, "batch \(batch)")
            let gradientError = a.halfGradient.subtracting(b.halfGradient).maximumNorm
            #expect(gradientError <= 1e-11 * b.halfGradient.maximumNorm, "batch \(batch)")
        }
    }

    /// The automatic choice keeps the moments exactly when they fit in the limit.
    @Test func automaticStorageFollowsTheMemoryLimit() throws {
        let data = try Self.fractionalData(samples: 4)
        // 10 classes: 66 doubles per sample, 4 samples = 2112 bytes.
        let fits = try RadialBatches(dataset: data, horizon: 0.1, storage: .automatic(memoryLimit: 2112))
        let tooBig = try RadialBatches(dataset: data, horizon: 0.1, storage: .automatic(memoryLimit: 2111))
        #expect(fits.storesMoments && !tooBig.storesMoments)
    }
}
