// Parallel: split index ranges into contiguous chunks run on every core.
import Dispatch
import Foundation

/// Runs `body` on contiguous chunks covering `0..<count`, concurrently on all cores.
/// Chunks never overlap, so each may write its own slice of a ``SharedBuffer``.
func forEachChunk(of count: Int, minimumChunk: Int = 2048, _ body: @Sendable (Range<Int>) -> Void) {
    guard count > 0 else { return }
    let cores = ProcessInfo.processInfo.activeProcessorCount
    let chunks = Swift.max(1, Swift.min(4 * cores, count / Swift.max(1, minimumChunk)))
    if chunks == 1 { return body(0..<count) }
    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
        body((count * chunk / chunks)..<(count * (chunk + 1) / chunks))
    }
}

/// Memory shared by the chunks of ``forEachChunk(of:minimumChunk:_:)``. It is sound only
/// because every chunk reads shared input and writes a slice no other chunk touches, and the
/// memory outlives the call (it comes from `withUnsafe…BufferPointer` around it).
struct SharedBuffer<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>?
    let count: Int

    init(_ buffer: UnsafeMutableBufferPointer<Element>) {
        base = buffer.baseAddress
        count = buffer.count
    }

    init(_ buffer: UnsafeBufferPointer<Element>) {
        base = UnsafeMutablePointer(mutating: buffer.baseAddress)
        count = buffer.count
    }

    var isEmpty: Bool { count == 0 }

    @inline(__always) subscript(index: Int) -> Element {
        get { base![index] }
        nonmutating set { base![index] = newValue }
    }
}
