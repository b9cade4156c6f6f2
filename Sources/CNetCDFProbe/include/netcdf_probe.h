// netcdf_probe: reads a whole netCDF file in a child process, so a crash inside netCDF-C or HDF5 ends the child only.
#ifndef NONLOCAL_NETCDF_PROBE_H
#define NONLOCAL_NETCDF_PROBE_H

/// Opens the netCDF file at `path` read-only in a child process and there inquires every dimension,
/// variable and attribute of its root group and reads every value of every variable of an atomic type
/// that fits in the machine's physical memory, in slabs of at most 64 MiB, into memory it allocates;
/// the child then exits with `_exit`. (A larger variable cannot be read by any caller, which refuses it
/// from its declared size.)
///
/// netCDF-C and HDF5 1.10 trust the bytes of a file: a corrupt superblock, object header or B-tree can
/// make them use memory they never initialized and die with SIGSEGV. The child reads everything the
/// caller's readers could ask for, with every allocation filled with a fixed byte pattern (glibc's
/// `M_PERTURB`) so that a read of uninitialized memory crashes every time, not only when the heap happens
/// to hold garbage; a file that kills the child would have killed, or could have killed, the caller.
/// Errors netCDF-C reports (a missing file, a file that is not netCDF) are not the probe's business: the
/// child simply stops, and the caller's own `nc_open` reports them.
///
/// The child is forked by a probe server: this same executable (`/proc/self/exe`) started afresh by
/// `posix_spawn` on the first probe, with one end of a socket pair as its descriptor 3 and
/// `NONLOCAL_NETCDF_PROBE_SERVER=3` in its environment. A constructor in this file sees the variable
/// and serves before `main` runs, single-threaded, never calling netCDF-C itself: for each request it
/// forks a child that probes one file, so every child starts from the same fresh state as a new process
/// would, for the cost of forking a small process (a fraction of a millisecond instead of the 30 ms of
/// starting the executable and its libraries). The caller itself is never forked: forking a
/// multithreaded process runs OpenBLAS's fork handler, which can deadlock a thread inside a BLAS call
/// (OpenBLAS #2270, #3111), and leaves the child with whatever locks other threads held. The server's
/// standard input, output and error are `/dev/null`, and it holds no other descriptor of the caller's.
/// It exits when the caller closes the socket or dies; a server found gone (killed with the thread that
/// started it, whose death `PR_SET_PDEATHSIG` follows) is started again. Probes are serialized.
///
/// A corrupt file can also make HDF5 loop forever (a global heap whose entries point back into it, found
/// by fuzzing: `H5HG_read` under `H5DSget_num_scales`), so the child gets 5 s plus 1 s per 10 MB of file
/// (``nonlocal_netcdf_probe_seconds``) and is then killed; it is also killed if the server dies first (`PR_SET_PDEATHSIG`).
///
/// - Returns: the number of the signal that ended the child (11 for SIGSEGV) when it crashed; 0 when it
///   exited; `-ETIMEDOUT` when it was killed at its deadline (or the server did not answer 5 s after it);
///   `-errno` when the server or the child could not be started or waited for.
int nonlocal_netcdf_probe(const char *path);

/// The seconds a probe of the file at `path` may take before it is killed: 5, plus 1 per 10 MB of file.
/// `NONLOCAL_NETCDF_PROBE_SECONDS` (a number in (0, 86400]) replaces the 5: a larger one for files on a
/// slow network file system, a smaller one for a fuzzer, which would otherwise spend 5 s on every
/// mutation of a file that makes HDF5 loop. Any other value is ignored.
double nonlocal_netcdf_probe_seconds(const char *path);

#endif
