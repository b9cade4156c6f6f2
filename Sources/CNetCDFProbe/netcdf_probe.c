// netcdf_probe: reads a whole netCDF file in a child process, so a crash inside netCDF-C or HDF5 ends the child only.
//
// Written by hand: no library isolates a C library's reads in a child process. The parts are a
// server (this executable started afresh, single-threaded in a C constructor before main) that
// forks one child per file, and a client that starts the server once and asks it about each file
// over a socket.
#define _GNU_SOURCE  // pipe2, posix_spawn_file_actions_addclosefrom_np
#include "netcdf_probe.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <netcdf.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/// The environment variable that makes a process the probe server: it holds the number of the
/// descriptor (`server_descriptor`) of the server's end of the socket to its client.
static const char server_request[] = "NONLOCAL_NETCDF_PROBE_SERVER";

/// The descriptor the server's end of the socket has in the server.
enum { server_descriptor = 3 };

/// The signals a crash raises. The server and its children take their default action (ending the
/// process with the signal, which the client reports), whatever handler a library installed.
static const int crash_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP};
enum { crash_signal_count = sizeof crash_signals / sizeof crash_signals[0] };

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

/// The child: everything netCDF-C can be asked about the file, then `_exit(0)`. Forked by ``serve``,
/// it inherits the default actions of the crash signals.
static _Noreturn void probe_file(const char *path) {
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

/// The environment variable that replaces the probe's 5 s base deadline (the fuzzers set 0.05 s).
static const char deadline_request[] = "NONLOCAL_NETCDF_PROBE_SECONDS";

double nonlocal_netcdf_probe_seconds(const char *path) {
    double base = 5.0;
    const char *request = getenv(deadline_request);
    if (request != NULL) {
        char *end;
        double seconds = strtod(request, &end);
        if (end != request && *end == '\0' && seconds > 0 && seconds <= 86400) base = seconds;
    }
    struct stat info;
    return base + (stat(path, &info) == 0 ? (double)info.st_size / 1e7 : 0.0);
}

/// The monotonic clock, in seconds.
static double now(void) {
    struct timespec time;
    clock_gettime(CLOCK_MONOTONIC, &time);
    return (double)time.tv_sec + 1e-9 * (double)time.tv_nsec;
}

/// `poll` for `events` on `descriptor` until `deadline` (monotonic seconds), retried when a signal
/// interrupts it: 1 when they came (or the other end closed), 0 at the deadline, -errno on failure.
static int poll_until(int descriptor, short events, double deadline) {
    for (;;) {
        double left = deadline - now();
        struct pollfd watched = {.fd = descriptor, .events = events};
        int ready = poll(&watched, 1, left <= 0 ? 0 : (int)(left * 1000) + 1);
        if (ready >= 0) return ready > 0 ? 1 : 0;
        if (errno != EINTR) return -errno;
    }
}

/// Sends or receives exactly `count` bytes on the socket `descriptor`: 0, or -errno (-EPIPE when the
/// other end closed). A send to a closed socket returns EPIPE instead of raising SIGPIPE.
static int transfer(int descriptor, void *bytes, size_t count, int sending) {
    size_t done = 0;
    while (done < count) {
        ssize_t n = sending ? send(descriptor, (char *)bytes + done, count - done, MSG_NOSIGNAL)
                            : recv(descriptor, (char *)bytes + done, count - done, 0);
        if (n > 0) done += (size_t)n;
        else if (n == 0) return -EPIPE;
        else if (errno != EINTR) return -errno;
    }
    return 0;
}

// MARK: The server

/// In the server, probes `path` in a child forked for it, killed at its deadline. Returns what
/// ``nonlocal_netcdf_probe`` returns.
///
/// The server is single-threaded and never calls netCDF-C itself, so each child starts from the
/// same fresh state, as a new process would, for the cost of a `fork` of a small process.
static int probe_in_child(const char *path, int connection) {
    double deadline = now() + nonlocal_netcdf_probe_seconds(path);
    // The child holds the write end of `exited` and nothing writes to it: its end of file says the
    // child is gone, however it ended, and `poll` waits for that with the deadline.
    int exited[2];
    if (pipe2(exited, O_CLOEXEC) != 0) return -errno;
    pid_t child = fork();
    if (child < 0) {
        int failure = errno;
        close(exited[0]);
        close(exited[1]);
        return -failure;
    }
    if (child == 0) {
        close(exited[0]);
        close(connection);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        probe_file(path);
    }
    close(exited[1]);
    int ended = poll_until(exited[0], POLLIN, deadline);
    close(exited[0]);
    if (ended <= 0) kill(child, SIGKILL);
    int status;
    while (waitpid(child, &status, 0) < 0) {
        if (errno != EINTR) return -errno;
    }
    if (ended < 0) return ended;
    if (ended == 0) return -ETIMEDOUT;
    return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

/// The server's loop: reads requests (a 4-byte length, then an absolute path) from its client on
/// `connection` and answers each with the 4-byte result of ``probe_in_child``; exits when the client
/// closes the socket or dies.
static _Noreturn void serve(int connection) {
    // A crash in a child must end it with its signal, not run a handler some library installed while
    // loading (a fuzzer's crash report, a backtracer); the disposition is inherited through fork.
    for (size_t k = 0; k < crash_signal_count; k++) signal(crash_signals[k], SIG_DFL);
    for (;;) {
        uint32_t length;
        char path[PATH_MAX];
        if (transfer(connection, &length, sizeof length, 0) != 0 || length == 0 || length >= sizeof path
            || transfer(connection, path, length, 0) != 0)
        {
            _exit(0);
        }
        path[length] = '\0';
        int32_t result = probe_in_child(path, connection);
        if (transfer(connection, &result, sizeof result, 1) != 0) _exit(0);
    }
}

/// In a process started by ``start_server``, serves probes and exits, before `main` (and before the
/// Swift runtime's start-up work) runs. Every executable that links NonlocalNetCDF (the command, the
/// test runner, the fuzzers) can thus be its own probe server. The variable is ignored (and removed)
/// unless its descriptor is a socket: set by hand in a shell, it must not turn a command into a server.
__attribute__((constructor)) static void serve_if_requested(void) {
    const char *request = getenv(server_request);
    if (request == NULL) return;
    struct stat info;
    if (strtol(request, NULL, 10) != server_descriptor || fstat(server_descriptor, &info) != 0 || !S_ISSOCK(info.st_mode)) {
        unsetenv(server_request);
        return;
    }
    // The server never outlives its client (a fuzzer killed on a timeout, Ctrl-C).
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    serve(server_descriptor);
}

// MARK: The client

/// The running server and the client's end of the socket to it, or -1; guarded by `server_lock`.
static pthread_mutex_t server_lock = PTHREAD_MUTEX_INITIALIZER;
static pid_t server_process = -1;
static int server_connection = -1;

/// Ends the server, if any. Its keeper thread reaps it: until then the pid cannot be reused, because the
/// keeper clears `server_process` (under the lock) before it reaps.
static void stop_server(void) {
    if (server_process < 0) return;
    close(server_connection);
    kill(server_process, SIGKILL);
    server_process = -1;
    server_connection = -1;
}

/// What a keeper thread is given and reports back: the spawn's arguments, then its result.
struct keeper_start {
    posix_spawn_file_actions_t *actions;
    posix_spawnattr_t *attributes;
    char **arguments, **environment;
    pthread_mutex_t lock;
    pthread_cond_t done;
    int finished, failure;
    pid_t child;
};

/// A server's keeper: spawns it (so PR_SET_PDEATHSIG, which follows the thread that spawned, lasts as
/// long as this thread, i.e. as the server) and reaps it when it exits. Without a keeper a server that
/// died with a short-lived worker thread stayed a zombie until the next probe, and a zombie child
/// keeps a waitid(P_ALL) loop (Swift Testing's exit-test monitor) spinning and the test run from ending.
static void *keep_server(void *argument) {
    struct keeper_start *start = argument;
    pid_t child;
    int failure = posix_spawn(&child, "/proc/self/exe", start->actions, start->attributes, start->arguments, start->environment);
    pthread_mutex_lock(&start->lock);
    start->failure = failure;
    start->child = child;
    start->finished = 1;
    pthread_cond_signal(&start->done);
    pthread_mutex_unlock(&start->lock);  // `start` belongs to the caller from here on
    if (failure != 0) return NULL;
    // Wait without reaping, forget the server, then reap: the pid stays taken while anyone may signal it.
    siginfo_t info;
    while (waitid(P_PID, (id_t)child, &info, WEXITED | WNOWAIT) < 0 && errno == EINTR) {}
    pthread_mutex_lock(&server_lock);
    if (server_process == child) {
        close(server_connection);
        server_process = -1;
        server_connection = -1;
    }
    pthread_mutex_unlock(&server_lock);
    while (waitpid(child, NULL, 0) < 0 && errno == EINTR) {}
    return NULL;
}

/// Starts the server: this executable (`/proc/self/exe`) started afresh by `posix_spawn` with the
/// server's end of a socket pair as descriptor 3 and `NONLOCAL_NETCDF_PROBE_SERVER=3` in its
/// environment. Returns 0 or -errno.
static int start_server(void) {
    int ends[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0) return -errno;
    // The child's environment: this process's, with the request added (replacing any inherited one).
    size_t count = 0;
    while (environ[count] != NULL) count++;
    char **environment = calloc(count + 2, sizeof(char *));
    if (environment == NULL) {
        close(ends[0]);
        close(ends[1]);
        return -ENOMEM;
    }
    char request[sizeof server_request + 16];
    snprintf(request, sizeof request, "%s=%d", server_request, server_descriptor);
    size_t kept = 0;
    for (size_t k = 0; k < count; k++) {
        if (strncmp(environ[k], server_request, sizeof server_request - 1) != 0 || environ[k][sizeof server_request - 1] != '=') {
            environment[kept++] = environ[k];
        }
    }
    environment[kept++] = request;
    environment[kept] = NULL;

    // Default dispositions for the signals a crash raises, none blocked; standard input, output
    // and error (HDF5 prints its error stack in a fresh process) on /dev/null; the socket as
    // descriptor 3 and no other descriptor of this process (HDF5 opens files without O_CLOEXEC, and
    // a long-lived server holding a pipe of this process's would keep its reader from ever seeing
    // the end).
    posix_spawnattr_t attributes;
    posix_spawn_file_actions_t actions;
    posix_spawnattr_init(&attributes);
    posix_spawn_file_actions_init(&actions);
    sigset_t deadly, none;
    sigemptyset(&deadly);
    sigemptyset(&none);
    for (size_t k = 0; k < crash_signal_count; k++) sigaddset(&deadly, crash_signals[k]);
    sigaddset(&deadly, SIGPIPE);
    posix_spawnattr_setsigdefault(&attributes, &deadly);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, ends[1], server_descriptor);
    posix_spawn_file_actions_addclosefrom_np(&actions, server_descriptor + 1);

    char name[] = "netcdf-probe";
    char *arguments[] = {name, NULL};
    struct keeper_start start = {
        .actions = &actions, .attributes = &attributes, .arguments = arguments, .environment = environment,
        .lock = PTHREAD_MUTEX_INITIALIZER, .done = PTHREAD_COND_INITIALIZER, .finished = 0, .failure = 0, .child = -1};
    pthread_t keeper;
    pthread_attr_t detached;
    pthread_attr_init(&detached);
    pthread_attr_setdetachstate(&detached, PTHREAD_CREATE_DETACHED);
    int failure = pthread_create(&keeper, &detached, keep_server, &start);
    pthread_attr_destroy(&detached);
    if (failure == 0) {
        pthread_mutex_lock(&start.lock);
        while (!start.finished) pthread_cond_wait(&start.done, &start.lock);
        pthread_mutex_unlock(&start.lock);
        failure = start.failure;
    }
    pid_t child = start.child;
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    free(environment);
    close(ends[1]);
    if (failure != 0) {
        close(ends[0]);
        return -failure;
    }
    server_process = child;
    server_connection = ends[0];
    return 0;
}

/// Asks the running server to probe the absolute path `path` and waits for its answer until the
/// probe's deadline and 5 s more. Returns 0 with the answer in `result`, or -errno when the server is
/// gone or broken (-ETIMEDOUT when it did not answer).
static int ask_server(const char *path, int32_t *result) {
    double deadline = now() + nonlocal_netcdf_probe_seconds(path) + 5;
    uint32_t length = (uint32_t)strlen(path);
    int failure = transfer(server_connection, &length, sizeof length, 1);
    if (failure == 0) failure = transfer(server_connection, (void *)path, length, 1);
    if (failure != 0) return failure;
    int ready = poll_until(server_connection, POLLIN, deadline);
    if (ready <= 0) return ready < 0 ? ready : -ETIMEDOUT;
    return transfer(server_connection, result, sizeof *result, 0);
}

int nonlocal_netcdf_probe(const char *path) {
    // The server's working directory is this process's when it started; send it absolute paths.
    char absolute[PATH_MAX];
    if (path[0] == '/') {
        if (strlen(path) >= sizeof absolute) return -ENAMETOOLONG;
        strcpy(absolute, path);
    } else {
        if (getcwd(absolute, sizeof absolute) == NULL) return -errno;
        size_t used = strlen(absolute);
        if (used + 1 + strlen(path) >= sizeof absolute) return -ENAMETOOLONG;
        absolute[used] = '/';
        strcpy(absolute + used + 1, path);
    }
    pthread_mutex_lock(&server_lock);
    // A server can be gone (killed by hand, or by its deadline); its keeper then forgot it, and it is
    // started again, once per probe.
    int answer = -EPIPE;
    for (int attempt = 0; attempt < 2; attempt++) {
        if (server_process < 0 && (answer = start_server()) != 0) break;
        int32_t result;
        int failure = ask_server(absolute, &result);
        if (failure == 0) {
            answer = result;
            break;
        }
        stop_server();
        answer = failure;
        if (failure == -ETIMEDOUT) break;
    }
    pthread_mutex_unlock(&server_lock);
    return answer;
}
