// Reproducibility: what a process does first so that the same inputs give the same files on any machine of one kind.
import NonlocalLinearAlgebra

/// Process-wide settings that make every workflow's numbers independent of the core count.
public enum Reproducibility {
    /// Fixes the thread counts libraries would otherwise choose from the core count (OpenBLAS's,
    /// see ``BLASThreads``; NonlocalKit's own parallel loops split work the same way on any
    /// number of cores). Call it once at start-up, before any work. Returns OpenBLAS's thread count.
    @discardableResult
    public static func fixThreadCounts() -> Int { BLASThreads.pin() }
}
