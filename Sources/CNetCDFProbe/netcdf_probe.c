// netcdf_probe: reads a whole netCDF file in a child process, so a crash inside netCDF-C or HDF5 ends the child only.
#include "netcdf_probe.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <netcdf.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/// The environment variable that makes a process a probe: it holds the path of the file to read.
static const char probe_request[] = "NONLOCAL_NETCDF_PROBE";

/// The largest buffer the child allocates for one read of a variable.
static const size_t slab_bytes = (size_t)1 << 26;

/// The size in bytes of one value of the atomic type `type`, or 0 for a user-defined type
/// (compound, VLEN, opaque, enum), which NonlocalNetCDF does not read.
static size_t atomic_size(nc_type type) {
    switch (type) {
    case NC_BYTE: case NC_UBYTE: case NC_CHAR: return 1;
    case NC_SHORT: case NC_USHORT: return 2;
    case NC_INT: case NC_UINT: case NC_FLOAT: return 4;
    case NC_INT64: case NC_UINT64: case NC_DOUBLE: return 8;
    case NC_STRING: return sizeof(char *);
    default: return 0;
    }
}

/// Reads every attribute of variable `varid` (NC_GLOBAL for the file's own).
static void probe_attributes(int ncid, int varid) {
    int count = 0;
    if (nc_inq_varnatts(ncid, varid, &count) != NC_NOERR) return;
    for (int index = 0; index < count; index++) {
        char name[NC_MAX_NAME + 1];
        nc_type type;
        size_t length, size;
        if (nc_inq_attname(ncid, varid, index, name) != NC_NOERR) return;
        if (nc_inq_att(ncid, varid, name, &type, &length) != NC_NOERR) return;
        if ((size = atomic_size(type)) == 0 || length == 0 || length > slab_bytes / size) continue;
        void *values = calloc(length, size);
        if (values == NULL) continue;
        if (type == NC_STRING) {
            if (nc_get_att_string(ncid, varid, name, values) == NC_NOERR) nc_free_string(length, values);
        } else {
            (void)nc_get_att(ncid, varid, name, values);
        }
        free(values);
    }
}

/// Reads every value of variable `varid`, slab by slab along its first dimension, unless it
/// declares more bytes than `memory`: no reader can hold such a variable, they refuse it from its
/// declared size, and reading it here would only spend minutes (or hours) on fill values that
/// were never stored (a 2²⁰ × 2²⁰ double variable in a 6 KB file).
static void probe_variable(int ncid, int varid, size_t memory) {
    nc_type type;
    int rank = 0;
    int dimensions[NC_MAX_VAR_DIMS];
    if (nc_inq_var(ncid, varid, NULL, &type, &rank, dimensions, NULL) != NC_NOERR) return;
    probe_attributes(ncid, varid);
    size_t size = atomic_size(type);
    if (size == 0 || rank < 0 || rank > NC_MAX_VAR_DIMS) return;
    size_t lengths[NC_MAX_VAR_DIMS], start[NC_MAX_VAR_DIMS] = {0}, count[NC_MAX_VAR_DIMS];
    size_t row = size;  // bytes of one index of the first dimension (all of a scalar)
    for (int d = 0; d < rank; d++) {
        if (nc_inq_dimlen(ncid, dimensions[d], &lengths[d]) != NC_NOERR || lengths[d] == 0) return;
        count[d] = lengths[d];
        if (d > 0) {
            if (lengths[d] > SIZE_MAX / row) return;  // declared larger than memory: the readers refuse it
            row *= lengths[d];
        }
    }
    size_t rows = rank == 0 ? 1 : lengths[0];
    if (rows > memory / row) return;
    size_t step = row >= slab_bytes ? 1 : slab_bytes / row;
    if (step > rows) step = rows;
    void *buffer = malloc(step * row);
    if (buffer == NULL) return;
    for (size_t first = 0; first < rows; first += step) {
        size_t n = rows - first < step ? rows - first : step;
        if (rank > 0) {
            start[0] = first;
            count[0] = n;
        }
        if (nc_get_vara(ncid, varid, start, count, buffer) != NC_NOERR) break;
        if (type == NC_STRING) nc_free_string(n * row / size, buffer);
    }
    free(buffer);
}

/// The child: everything netCDF-C can be asked about the file, then `_exit(0)`.
static void probe_file(const char *path) {
    // A crash must end the child with its signal, not run a handler some library installed
    // while loading (a fuzzer's crash report, a backtracer).
    const int deadly[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP};
    for (size_t k = 0; k < sizeof deadly / sizeof deadly[0]; k++) signal(deadly[k], SIG_DFL);
    // HDF5 1.10.8 frees pointers it never initialized when a group's link table is corrupt
    // (H5G__link_release_table, HDF5 issue #5375): whether that crashes depends on what the heap
    // held before. Filling every allocation with a fixed pattern (glibc's M_PERTURB, the same as
    // MALLOC_PERTURB_=204) makes such a read crash every time, here rather than in the caller.
    mallopt(M_PERTURB, 204);
    int ncid;
    if (nc_open(path, NC_NOWRITE, &ncid) != NC_NOERR) _exit(0);
    int count = 0;
    int identifiers[NC_MAX_DIMS];
    if (nc_inq_dimids(ncid, &count, NULL, 0) == NC_NOERR && count >= 0 && count <= NC_MAX_DIMS
        && nc_inq_dimids(ncid, &count, identifiers, 0) == NC_NOERR)
    {
        for (int d = 0; d < count; d++) {
            char name[NC_MAX_NAME + 1];
            size_t length;
            (void)nc_inq_dim(ncid, identifiers[d], name, &length);
        }
    }
    probe_attributes(ncid, NC_GLOBAL);
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    size_t memory = pages > 0 && page > 0 && (size_t)pages <= SIZE_MAX / (size_t)page ? (size_t)pages * (size_t)page : SIZE_MAX;
    if (nc_inq_nvars(ncid, &count) == NC_NOERR) {
        for (int varid = 0; varid < count; varid++) probe_variable(ncid, varid, memory);
    }
    (void)nc_close(ncid);
    _exit(0);
}

/// In a process started by `nonlocal_netcdf_probe`, probes the file its environment names and
/// exits, before `main` (and before the Swift runtime's start-up work) runs. Every executable
/// that links NonlocalNetCDF (the command, the test runner, the fuzzers) can thus be its own probe.
__attribute__((constructor)) static void probe_if_requested(void) {
    const char *path = getenv(probe_request);
    if (path == NULL) return;
    // A probe never outlives the process that waits for it (a fuzzer killed on a timeout, Ctrl-C).
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    probe_file(path);
}

double nonlocal_netcdf_probe_seconds(const char *path) {
    struct stat info;
    return 5.0 + (stat(path, &info) == 0 ? (double)info.st_size / 1e7 : 0.0);
}

/// The monotonic clock, in seconds.
static double now(void) {
    struct timespec time;
    clock_gettime(CLOCK_MONOTONIC, &time);
    return (double)time.tv_sec + 1e-9 * (double)time.tv_nsec;
}

/// Waits for `child` until `deadline` (monotonic seconds), polling every 1–20 ms; kills it when the
/// deadline passes. Returns what ``nonlocal_netcdf_probe`` returns.
static int wait_for_probe(pid_t child, double deadline) {
    long pause = 1000000;  // nanoseconds, doubled up to 20 ms: a healthy probe of a small file takes a few ms
    for (;;) {
        int status;
        pid_t done = waitpid(child, &status, WNOHANG);
        if (done == child) return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
        if (done < 0 && errno != EINTR) return -errno;
        if (now() > deadline) {
            kill(child, SIGKILL);
            while (waitpid(child, &status, 0) < 0 && errno == EINTR) {}
            return -ETIMEDOUT;
        }
        struct timespec interval = {0, pause};
        nanosleep(&interval, NULL);
        if (pause < 20000000) pause *= 2;
    }
}

int nonlocal_netcdf_probe(const char *path) {
    // The child's environment: this process's, with the request added (replacing any inherited one).
    size_t count = 0;
    while (environ[count] != NULL) count++;
    char **environment = calloc(count + 2, sizeof(char *));
    size_t length = strlen(probe_request) + 1 + strlen(path) + 1;
    char *request = malloc(length);
    if (environment == NULL || request == NULL) {
        free(environment);
        free(request);
        return -ENOMEM;
    }
    snprintf(request, length, "%s=%s", probe_request, path);
    size_t kept = 0;
    for (size_t k = 0; k < count; k++) {
        if (strncmp(environ[k], probe_request, sizeof probe_request - 1) != 0 || environ[k][sizeof probe_request - 1] != '=') {
            environment[kept++] = environ[k];
        }
    }
    environment[kept++] = request;
    environment[kept] = NULL;

    // Default dispositions for the signals a crash raises, none blocked, and the child's output
    // (HDF5 prints its error stack in a fresh process) to /dev/null.
    posix_spawnattr_t attributes;
    posix_spawn_file_actions_t actions;
    posix_spawnattr_init(&attributes);
    posix_spawn_file_actions_init(&actions);
    sigset_t deadly, none;
    sigemptyset(&deadly);
    sigemptyset(&none);
    const int signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP};
    for (size_t k = 0; k < sizeof signals / sizeof signals[0]; k++) sigaddset(&deadly, signals[k]);
    posix_spawnattr_setsigdefault(&attributes, &deadly);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);

    char name[] = "netcdf-probe";
    char *arguments[] = {name, NULL};
    double deadline = now() + nonlocal_netcdf_probe_seconds(path);
    pid_t child;
    int failure = posix_spawn(&child, "/proc/self/exe", &actions, &attributes, arguments, environment);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    free(environment);
    free(request);
    if (failure != 0) return -failure;
    return wait_for_probe(child, deadline);
}
