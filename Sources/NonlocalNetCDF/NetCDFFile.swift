// NetCDF: placeholder removed by the netCDF wrapper.
