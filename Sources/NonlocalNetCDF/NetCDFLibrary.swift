// NetCDFLibrary: serialized access to netCDF-C, which is not thread-safe, with HDF5's diagnostics kept quiet.
internal import CNetCDF
import Glibc
import Synchronization

/// One lock for every netCDF-C call in the process.
///
/// netCDF-C keeps global tables of open files and HDF5 state without locking, so two
/// threads working on *different* files can still corrupt each other.
private let netCDFLock = Mutex(())

/// HDF5's `H5Eset_auto2(stack, handler, data)`, found at run time in the already loaded
/// libhdf5 (netCDF-C's NetCDF-4 backend), or `nil` if it is absent.
///
/// Debian's HDF5 is thread-safe, so its automatic error printing is a per-thread setting;
/// netCDF-C 4.9.0 turns it off only on the thread that first called it, and `nc_open` probes
/// for optional `_Quantize…` attributes, so on every other thread each opened variable
/// printed pages of harmless `HDF5-DIAG` messages (Unidata/netcdf-c#2674).
private let setHDF5ErrorHandler: (@convention(c) (Int64, OpaquePointer?, UnsafeMutableRawPointer?) -> Int32)? = {
    guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "H5Eset_auto2") else { return nil }
    return unsafeBitCast(symbol, to: (@convention(c) (Int64, OpaquePointer?, UnsafeMutableRawPointer?) -> Int32).self)
}()

/// Turns HDF5's advisory file locks off for this process, unless the user has set
/// `HDF5_USE_FILE_LOCKING`; evaluated once, before netCDF-C's first call.
///
/// HDF5 1.10 `flock`s every file it opens, and opens it without `O_CLOEXEC`. A child process
/// started on any thread while a file is open (a plotting script, a solver, a test's
/// subprocess) shares that open file, and with it the lock, until it execs or exits; opening
/// the same file again in that window fails with "NetCDF: HDF error". With two threads
/// starting `/bin/true` in a loop, 887 of 3,000 create–close–open cycles failed; with the
/// locks off, none. The locks protect nothing here: every file this package's callers write
/// is written under a private temporary name and renamed into place (`AtomicFile`), so no
/// reader ever opens a file that is being written. HDF5 reads the variable on every open,
/// so setting it in the process is enough.
private let fileLockingSetting: Void = {
    _ = setenv("HDF5_USE_FILE_LOCKING", "FALSE", 0)
}()

/// Runs one netCDF-C call while holding the process-wide lock and returns its status.
func withNetCDF(_ call: () -> Int32) -> Int32 {
    fileLockingSetting
    return netCDFLock.withLock { _ in
        _ = setHDF5ErrorHandler?(0, nil, nil)  // H5E_DEFAULT stack, no handler: print nothing
        return call()
    }
}

/// The error for netCDF-C status `status` returned by `operation` on the file at `path`.
/// The corresponding C function is `nc_strerror`.
func libraryError(_ status: Int32, operation: String, path: String) -> NetCDFError {
    .library(code: status, message: String(cString: nc_strerror(status)), operation: operation, path: path)
}
