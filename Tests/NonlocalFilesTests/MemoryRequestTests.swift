// Tests of MemoryRequest: byte counts that saturate instead of overflowing, and refusals that name the request and both byte counts.
import NonlocalFiles
import Testing

@Suite struct MemoryRequestTests {
    @Test func productsAndSumsSaturateInsteadOfTrapping() {
        #expect(MemoryRequest.product(8, 2_000_000_001) == 16_000_000_008)
        #expect(MemoryRequest.product(8, 99_999_999_999, 99_999_999_999) == Int.max)
        #expect(MemoryRequest.product(Int.max, 2, 0) == 0)
        #expect(MemoryRequest.sum(Int.max - 1, 2) == Int.max)
        #expect(MemoryRequest.sum(1, 2, 3) == 6)
    }

    @Test func aRequestBeyondTheBudgetIsRefusedWithBothByteCounts() throws {
        let request = MemoryRequest("a 2,000,000,000-row matrix", bytes: 16_000_000_008)
        #expect(throws: Never.self) { try request.check(availableBytes: 16_000_000_008) }
        let error = try #require(throws: MemoryShortfall.self) { try request.check(availableBytes: 4_000_000_000) }
        #expect(error == MemoryShortfall(request: request.what, requiredBytes: 16_000_000_008, availableBytes: 4_000_000_000))
        #expect(
            error.description
                == "a 2,000,000,000-row matrix needs 16.0 GB (16,000,000,008 bytes), but only 4.0 GB (4,000,000,000 bytes) of memory are available")
    }

    @Test func anOverflowedCountIsRefusedWhateverTheBudget() throws {
        let request = MemoryRequest("n² points", bytes: MemoryRequest.product(4_000_000_000, 4_000_000_000))
        let error = try #require(throws: MemoryShortfall.self) { try request.check(availableBytes: Int.max - 1) }
        #expect(error.description.hasPrefix("n² points needs more than 9.2 EB"))
    }

    @Test func theMachineCanAllocateAtMostWhatItReportsAvailable() throws {
        let allocatable = try #require(SystemMemory.allocatableBytes())
        let available = try #require(try SystemMemory.availableBytes())
        // Other processes allocate between the two reads: allow them 1 GB.
        #expect(allocatable > 0 && allocatable <= available + 1_000_000_000, "allocatable \(allocatable), available \(available)")
    }
}
