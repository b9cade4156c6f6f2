// MinibatchSchedule: seeded shuffled minibatches, one fresh permutation per epoch, as PyTorch's DataLoader(shuffle=True) draws them.
import NonlocalLinearAlgebra

/// The samples 0..<N in a new uniformly random order each epoch (Fisher–Yates with
/// ``SplitMix64``, starting from the identity like `torch.randperm`), cut into consecutive
/// batches of `batchSize`; the last batch is short when `batchSize` does not divide N
/// (`drop_last=False`). The stream of permutations depends only on the generator's seed.
public struct MinibatchSchedule: Sendable {
    public private(set) var generator: SplitMix64
    public let sampleCount: Int
    public let batchSize: Int

    public init(sampleCount: Int, batchSize: Int, generator: SplitMix64) {
        precondition(sampleCount >= 1 && batchSize >= 1, "need samples and a positive batch size")
        self.sampleCount = sampleCount
        self.batchSize = batchSize
        self.generator = generator
    }

    /// The next epoch's batches.
    public mutating func nextEpoch() -> [ArraySlice<Int>] {
        var order = Array(0..<sampleCount)
        generator.shuffle(&order)
        return stride(from: 0, to: sampleCount, by: batchSize).map { order[$0..<Swift.min($0 + batchSize, sampleCount)] }
    }
}
