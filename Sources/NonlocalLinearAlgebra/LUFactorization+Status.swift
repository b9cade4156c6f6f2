// LUFactorization+Status: one line of meaning for each status code UMFPACK returns.
internal import CSuiteSparse

extension LUFactorization {
    /// What an UMFPACK status means, in one line: every code umfpack.h documents (SuiteSparse
    /// 5.12, UMFPACK 5.7.9) has its own message; other codes say they are unknown. Positive
    /// codes are warnings (the call succeeded), negative ones errors (no object was created).
    /// The status is the `int` an `umfpack_dl_*` function returns.
    public static func statusMessage(_ status: Int32) -> String {
        switch status {
        case UMFPACK_OK: "success"
        case UMFPACK_WARNING_singular_matrix:
            "the matrix is singular: a pivot is exactly zero, so a solve would divide by zero"
        case UMFPACK_WARNING_determinant_underflow: "the determinant underflows: its magnitude is below the smallest double"
        case UMFPACK_WARNING_determinant_overflow: "the determinant overflows: its magnitude is above the largest double"
        case UMFPACK_ERROR_out_of_memory: "out of memory: the LU factors do not fit"
        case UMFPACK_ERROR_invalid_Numeric_object: "the Numeric object is invalid: factorize before solving"
        case UMFPACK_ERROR_invalid_Symbolic_object: "the Symbolic object is invalid: analyze the pattern before factorizing"
        case UMFPACK_ERROR_argument_missing: "a required argument is missing (a null pointer)"
        case UMFPACK_ERROR_n_nonpositive: "the number of rows or columns is not positive"
        case UMFPACK_ERROR_invalid_matrix:
            "the matrix is invalid: column pointers or row indices are out of range, unsorted or repeated"
        case UMFPACK_ERROR_different_pattern: "the pattern differs from the one analyzed: analyze the new pattern"
        case UMFPACK_ERROR_invalid_system: "the requested system is invalid (or needs a square matrix)"
        case UMFPACK_ERROR_invalid_permutation: "the given ordering is not a permutation of 0…n−1"
        case UMFPACK_ERROR_internal_error: "UMFPACK failed internally (a bug in the library)"
        case UMFPACK_ERROR_file_IO: "a Symbolic or Numeric object could not be saved or loaded (file I/O)"
        case UMFPACK_ERROR_ordering_failed: "the fill-reducing ordering (AMD, COLAMD or METIS) failed"
        default: "unknown UMFPACK status \(status)"
        }
    }
}
