// BLASThreads: OpenBLAS on a fixed number of threads, so results do not depend on how many cores run them.
internal import COpenBLAS
import Glibc

/// OpenBLAS's thread count, fixed so that the same inputs give the same bits on any number of cores.
///
/// OpenBLAS divides a product among its threads, and the division changes the order in which
/// partial sums are added: a 300 × 300 `dgemm` with inner dimension 200 differs in its last bits
/// between one thread and two. Left alone, OpenBLAS starts one thread per core the process may
/// use (one under `taskset -c 0`), so `generate`'s datasets, the models `learn` fits from them and
/// every CHOLMOD factor changed with the core count (17 of 25 files of a fixed set of commands).
/// With the count fixed, OpenBLAS runs that many threads even on fewer cores (they take turns),
/// and those 25 files are identical on one core and on two.
public enum BLASThreads {
    /// Two threads: what the two-core machines NonlocalKit is built and tested on run by
    /// default, at a small cost on one core and a missed speed-up on many.
    public static let reproducibleCount = 2

    /// Fixes OpenBLAS's thread count at ``reproducibleCount`` for the whole process, unless the
    /// environment sets `OPENBLAS_NUM_THREADS`: that count is kept (OpenBLAS read it when it
    /// started, at most one per core), and results are then reproducible at that count only.
    /// Call it once, before any other thread calls BLAS. Returns the count in use.
    ///
    /// The corresponding C function is `openblas_set_num_threads`.
    @discardableResult
    public static func pin() -> Int {
        if getenv("OPENBLAS_NUM_THREADS") == nil { openblas_set_num_threads(Int32(reproducibleCount)) }
        return Int(openblas_get_num_threads())
    }
}
