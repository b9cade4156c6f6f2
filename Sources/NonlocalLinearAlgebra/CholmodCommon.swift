// CholmodCommon: owns one cholmod_common workspace (CHOLMOD's parameters, statistics and status).
internal import CSuiteSparse

/// CHOLMOD's `cholmod_common`, started with `cholmod_l_start` and released with `cholmod_l_finish`.
final class CholmodCommon {
    let pointer: UnsafeMutablePointer<cholmod_common>

    init() {
        pointer = .allocate(capacity: 1)
        cholmod_l_start(pointer)
        // Errors become Swift errors; CHOLMOD prints nothing.
        pointer.pointee.print = 0
    }

    deinit {
        cholmod_l_finish(pointer)
        pointer.deallocate()
    }

    var status: Int32 { pointer.pointee.status }

    /// Throws when the last call left a negative (error) status.
    func check(_ function: String) throws(SolverError) {
        if status < CHOLMOD_OK { throw .library(function: function, status: Int(status)) }
    }
}
