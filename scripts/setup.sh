#!/usr/bin/env bash
# Installs, only when missing, the Debian packages NonlocalKit builds on and the Python consumers its tests use.
set -euo pipefail

packages=(
    libsuitesparse-dev libopenblas-dev liblapacke-dev libarpack2-dev libfftw3-dev
    libnetcdf-dev netcdf-bin
    python3-scipy python3-netcdf4 python3-xarray python3-petsc4py python3-matplotlib
    openmpi-bin
)

missing=()
for package in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
    [ "$status" = "installed" ] || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
