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
/// The child is this same executable (`/proc/self/exe`) started afresh by `posix_spawn` with
/// `NONLOCAL_NETCDF_PROBE=path` in its environment; a constructor in this file sees the variable and
/// probes before `main` runs. A fresh process, not `fork`: forking a multithreaded process runs
/// OpenBLAS's fork handler, which can deadlock a thread inside a BLAS call (OpenBLAS #2270, #3111), and
/// leaves the child with whatever locks other threads held. The child's standard output and error go to
/// `/dev/null`.
///
/// A corrupt file can also make HDF5 loop forever (a global heap whose entries point back into it, found
/// by fuzzing: `H5HG_read` under `H5DSget_num_scales`), so the child gets 5 s plus 1 s per 10 MB of file
/// and is then killed; it is also killed if the caller dies first (`PR_SET_PDEATHSIG`).
///
/// - Returns: the number of the signal that ended the child (11 for SIGSEGV) when it crashed; 0 when it
///   exited; `-ETIMEDOUT` when it was killed at its deadline; `-errno` when the child could not be
///   started or waited for.
int nonlocal_netcdf_probe(const char *path);

/// The seconds a probe of the file at `path` may take before it is killed: 5, plus 1 per 10 MB of file.
double nonlocal_netcdf_probe_seconds(const char *path);

#endif
