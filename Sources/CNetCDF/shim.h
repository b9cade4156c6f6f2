// netCDF-C from Debian's libnetcdf-dev.
#include <netcdf.h>
