// Linux file calls that Swift's Glibc module does not show: glibc declares them only under
// _GNU_SOURCE, which that module is not built with, so they are declared here as glibc does.
#include <sys/types.h>

// sync_file_range(2), Linux ≥ 2.6.17, glibc ≥ 2.6.
extern int sync_file_range(int fd, off_t offset, off_t nbytes, unsigned int flags);

// Its flag that starts the writeback of the range's dirty pages without waiting for any.
#define NONLOCAL_SYNC_FILE_RANGE_WRITE 2
