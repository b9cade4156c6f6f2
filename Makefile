# NonlocalKit: `make demo` and `make test` are the two commands; both set the machine up first.
SWIFT ?= swift
# Debian's python3 (with python3-scipy, -netcdf4, -petsc4py), not whatever python3 is first on PATH.
PYTHON ?= /usr/bin/python3
PETSC_DIR ?= $(if $(wildcard /usr/lib/petsc),/usr/lib/petsc,/usr/lib/petscdir/petsc3.18/x86_64-linux-gnu-real)
export PETSC_DIR

.PHONY: setup build demo test bench docs fuzz clean

setup:
	@scripts/setup.sh

build: setup
	$(SWIFT) build -c release --product nonlocal

demo: build
	$$($(SWIFT) build -c release --show-bin-path)/nonlocal demo

# Release mode: the tests run real sizes (n = 200,000 eigenproblems); they use only public API.
test: setup
	$(SWIFT) build -c release --build-tests
	$(SWIFT) test -c release --skip-build
	PYTHON=$(PYTHON) exporters/run.sh

bench: build
	$$($(SWIFT) build -c release --show-bin-path)/nonlocal bench linalg
	$$($(SWIFT) build -c release --show-bin-path)/nonlocal bench assembly
	$$($(SWIFT) build -c release --show-bin-path)/nonlocal bench generate
	$$($(SWIFT) build -c release --show-bin-path)/nonlocal bench io
	$$($(SWIFT) build -c release --show-bin-path)/nonlocal bench paper
	$$($(SWIFT) build -c release --show-bin-path)/nonlocal bench learn
	$$($(SWIFT) build -c release --show-bin-path)/nonlocal bench learn-fractional
	$$($(SWIFT) build -c release --show-bin-path)/nonlocal bench apply

# Coverage-guided fuzzing of the five file readers (fuzz/, libFuzzer) for FUZZ_SECONDS each (default 60); every
# input that crashes a reader is kept in fixtures/fuzz/<reader>/crashers/, which `make test` replays. See scripts/fuzz.sh.
fuzz: setup
	SWIFT=$(SWIFT) scripts/fuzz.sh

# Regenerates docs/FRACTIONAL.md and its CSV files from measurements (several minutes on 2 cores).
docs: build
	$$($(SWIFT) build -c release --show-bin-path)/nonlocal report fractional -o docs/FRACTIONAL.md

clean:
	rm -rf .build out
