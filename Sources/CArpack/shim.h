// ARPACK-ng's C interface (dsaupd_c / dseupd_c) from Debian's libarpack2-dev.
#include <arpack/arpack.h>
