// CHOLMOD (sparse Cholesky) and UMFPACK (sparse LU) from Debian's libsuitesparse-dev.
#include <suitesparse/cholmod.h>
#include <suitesparse/umfpack.h>
