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

/// Runs one netCDF-C call while holding the process-wide lock and returns its status.
func withNetCDF(_ call: () -> Int32) -> Int32 {
    netCDFLock.withLock { _ in
        _ = setHDF5ErrorHandler?(0, nil, nil)  // H5E_DEFAULT stack, no handler: print nothing
        return call()
    }
}

/// The error for netCDF-C status `status` returned by `operation` on the file at `path`.
/// The corresponding C function is `nc_strerror`.
func libraryError(_ status: Int32, operation: String, path: String) -> NetCDFError {
    .library(code: status, message: String(cString: nc_strerror(status)), operation: operation, path: path)
}
