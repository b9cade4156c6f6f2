// MatrixMarketConcurrentSlots: one result slot per concurrent task, for parallel formatting and parsing.
import Dispatch
import Foundation

/// Fixed storage with one slot per task of `DispatchQueue.concurrentPerform`.
///
/// It is `@unchecked Sendable` because the compiler cannot see the rule that makes it sound:
/// task `i` writes slot `i` and no other, nobody reads a slot while tasks run, and
/// `concurrentPerform` returns only after every task has finished (which orders the writes
/// before the reads that follow). Used only that way, inside this module.
final class MatrixMarketConcurrentSlots<Element>: @unchecked Sendable {
    private let base: UnsafeMutablePointer<Element>
    let count: Int

    init(count: Int, repeating initial: Element) {
        self.count = count
        base = .allocate(capacity: Swift.max(count, 1))
        base.initialize(repeating: initial, count: count)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    subscript(index: Int) -> Element {
        get {
            precondition(index >= 0 && index < count, "slot \(index) out of range 0..<\(count)")
            return base[index]
        }
        set {
            precondition(index >= 0 && index < count, "slot \(index) out of range 0..<\(count)")
            base[index] = newValue
        }
    }

    /// Moves the result of slot `index` out, leaving `replacement` behind (avoids a copy of large arrays).
    func take(_ index: Int, leaving replacement: Element) -> Element {
        precondition(index >= 0 && index < count, "slot \(index) out of range 0..<\(count)")
        let result = (base + index).move()
        (base + index).initialize(to: replacement)
        return result
    }

    /// Runs `body(i)` for the slot indices `0..<tasks` (all of them by default), on all
    /// cores when there is more than one task.
    func forEachConcurrently(tasks: Int? = nil, _ body: @Sendable (Int) -> Void) {
        let tasks = tasks ?? count
        precondition(tasks <= count, "\(tasks) tasks for \(count) slots")
        if tasks == 1 { return body(0) }
        DispatchQueue.concurrentPerform(iterations: tasks, execute: body)
    }
}

/// The number of tasks worth running for `work` units when one task should get at least `minimum`.
func matrixMarketTaskCount(work: Int, minimum: Int) -> Int {
    let cores = ProcessInfo.processInfo.activeProcessorCount
    return Swift.max(1, Swift.min(cores, work / Swift.max(1, minimum)))
}
