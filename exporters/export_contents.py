"""What a NonlocalKit export holds, checked before a recipe uses it, and how the recipes report
what is missing. Imported by every recipe in exporters/ (keep it beside them).

Every recipe exits with one of three statuses, and never with a Python traceback:

    0  it did its main job. When an input lacked something the job can do without (a stored
       right-hand side, a stored solution, coordinates), it did what it could and printed ONE
       line on standard error saying what is missing and how to get it.
    1  it could not: a file is missing, or is not what the recipe needs (not that format, a
       dense matrix where a sparse one is needed, no matrix at all). ONE line on standard error
       says what is wrong and how to write the right file; nothing on standard output.
    2  the inputs were usable but a check failed (two exports of one operator differ, a solver
       did not converge, a stored solution does not solve the stored system): one line on
       standard error.

PETSc binary files carry no object names. NonlocalKit names the objects in `FILE.info` beside
the file, the text PETSc itself writes there in its MATLAB format (`PetscViewerBinary` with
`PETSC_VIEWER_BINARY_MATLAB`; `VecView_Binary` in PETSc 3.18's src/vec/vec/utils/vecio.c):
`#$$ Set.NAME = PetscBinaryRead(fd);` in the block before each `-vecload_block_size` line names
that Vec. `MatLoad`/`VecLoad` read the file for its load options only, so the recipes read the
names here. Files written without names (older NonlocalKit, `nonlocal reference`, `nonlocal
precondition --export-row`) hold their Vecs in a documented order: the right-hand side `rhs`
first, then the others by name (reference_solution, surrogate_solution) — the order of
`documented_order`, and of the NetCDF file's vectors and the MatrixMarket side files
`stem.NAME.mtx` of the same export.
"""
import os
import re
import struct
import sys

EXIT_DONE, EXIT_UNUSABLE, EXIT_CHECK_FAILED = 0, 1, 2

MAT_FILE_CLASSID, VEC_FILE_CLASSID, IS_FILE_CLASSID = 1211216, 1211214, 1211218
MATRIX_BINARY_FORMAT_DENSE = -1

ASSEMBLE = "nonlocal assemble MODEL.json --grid GRID -o {path}"
ASSEMBLE_WITH_VECTORS = "nonlocal assemble MODEL.json --grid GRID --rhs-constant 1 --solve -o {path}"
REFERENCE = "nonlocal reference naive --order S --grid GRID -o {path}"


class Unusable(Exception):
    """An input is missing or is not what the recipe needs: exit status 1, the message on one line."""


class CheckFailed(Exception):
    """The inputs were usable but a check on them failed: exit status 2."""


def note(message):
    """The one line saying what an input lacks, when the recipe could still do its job (status 0)."""
    print(message, file=sys.stderr)


def run(main, usage, minimum, maximum=None, speaks=True):
    """Calls main(*sys.argv[1:]) and turns Unusable and CheckFailed into one line and their status.
    Under MPI every rank runs the recipe and reaches the same verdict; only the rank that `speaks`
    (rank 0) prints it, so the line is printed once, and every rank exits with the status."""
    arguments = sys.argv[1:]
    if not minimum <= len(arguments) <= (minimum if maximum is None else maximum):
        if speaks:
            print(f"usage: {usage}", file=sys.stderr)
        sys.exit(EXIT_UNUSABLE)
    try:
        main(*arguments)
    except Unusable as problem:
        if speaks:
            print(problem, file=sys.stderr)
        sys.exit(EXIT_UNUSABLE)
    except CheckFailed as problem:
        if speaks:
            print(problem, file=sys.stderr)
        sys.exit(EXIT_CHECK_FAILED)


def require_file(path, how):
    """Raises Unusable unless path is a readable file; `how` is the command that writes it."""
    if not os.path.exists(path):
        raise Unusable(f"{path} does not exist: write it with {how}")
    if os.path.isdir(path):
        raise Unusable(f"{path} is a folder, not a file: write the file with {how}")
    if not os.access(path, os.R_OK):
        raise Unusable(f"{path} cannot be read (permission denied)")


def with_extension(path, extension):
    """path if it ends with extension, else path with its extension replaced: the file a message
    tells the user to write, when the one given was of another kind."""
    return path if path.endswith(extension) else os.path.splitext(path)[0] + extension


def starts_with(path, prefix):
    """Whether the file's first bytes are prefix (bytes)."""
    with open(path, "rb") as f:
        return f.read(len(prefix)) == prefix


def library_reason(error, line=-1):
    """One line of a library's message: PETSc's errors carry a call stack and say what happened on
    the last line (the default); xarray's say it on the first (line=0)."""
    lines = [text.strip() for text in str(error).splitlines() if text.strip()]
    return re.sub(r"^\[\d+\]\s*", "", lines[line]).rstrip(":") if lines else type(error).__name__


NETCDF_SIGNATURES = (b"CDF\x01", b"CDF\x02", b"CDF\x05", b"\x89HDF\r\n\x1a\n")


def require_netcdf(path, how):
    """Raises Unusable unless path is a file that starts as NetCDF (classic, 64-bit offsets or CDF-5)
    or NetCDF-4 (HDF5) files do."""
    require_file(path, how)
    if not any(starts_with(path, signature) for signature in NETCDF_SIGNATURES):
        raise Unusable(f"{path} is not a NetCDF file (it starts with neither CDF nor HDF5's signature): "
                       f"write one with {how}")


def documented_order(names):
    """The order of a NonlocalKit export's vectors in a PETSc file: rhs first, then by name."""
    return sorted(names, key=lambda name: (name != "rhs", name))


def netcdf_layout(dimensions_of):
    """'sparse' for the ESMF/SCRIP weight layout (row, col, S), 'dense' for exactly one 2-D
    variable, None otherwise; `dimensions_of` maps each variable name to its dimension names."""
    if {"row", "col", "S"} <= set(dimensions_of):
        return "sparse"
    if len([name for name, dimensions in dimensions_of.items() if len(dimensions) == 2]) == 1:
        return "dense"
    return None


def netcdf_vector_names(dimensions_of):
    """The vectors of an operator file: the variables on the unknowns (n_b) other than the coordinates."""
    return documented_order(name for name, dimensions in dimensions_of.items()
                            if tuple(dimensions) == ("n_b",) and name not in ("xc_b", "yc_b"))


class PETScObject:
    """One object of a PETSc binary file, from its header: kind ('Mat', 'Vec' or 'IS'), byte
    offset, and rows x columns (a Mat, `dense` when stored in MATDENSE's layout) or length."""

    def __init__(self, kind, offset, rows, columns=1, dense=False):
        self.kind, self.offset, self.rows, self.columns, self.dense = kind, offset, rows, columns, dense

    def __repr__(self):
        if self.kind == "Mat":
            return f"{'dense' if self.dense else 'sparse'} Mat {self.rows} x {self.columns}"
        return f"{self.kind} of {self.rows}"


def petsc_objects(path, how):
    """The objects of a PETSc binary file (big-endian, 32-bit indices), read from their headers
    without loading the values. Raises Unusable for a file that is not one, naming the byte."""
    size = os.path.getsize(path)
    objects, offset = [], 0
    with open(path, "rb") as f:
        while offset < size:
            f.seek(offset)
            header = f.read(16)
            class_id = struct.unpack(">i", header[:4])[0] if len(header) >= 4 else None
            if class_id == MAT_FILE_CLASSID and len(header) == 16:
                _, rows, columns, nonzeros = struct.unpack(">4i", header)
                dense = nonzeros == MATRIX_BINARY_FORMAT_DENSE
                counts = (rows, columns) if dense else (rows, columns, nonzeros)
                length = 16 + (8 * rows * columns if dense else 4 * rows + 12 * nonzeros)
                found = PETScObject("Mat", offset, rows, columns, dense)
            elif class_id in (VEC_FILE_CLASSID, IS_FILE_CLASSID) and len(header) >= 8:
                count = struct.unpack(">i", header[4:8])[0]
                vector = class_id == VEC_FILE_CLASSID
                counts, length = (count,), 8 + (8 if vector else 4) * count
                found = PETScObject("Vec" if vector else "IS", offset, count)
            elif class_id in (MAT_FILE_CLASSID, VEC_FILE_CLASSID, IS_FILE_CLASSID):
                raise truncated(path, offset, objects, how)
            elif offset == 0:
                raise Unusable(f"{path} is not a PETSc binary file (it starts with bytes {header[:4].hex()}, "
                               f"not a Mat, Vec or IS class id): write one with {how}")
            else:
                raise Unusable(f"{path}: byte {offset}: after {describe(objects)} comes class id {class_id}, "
                               "not a Mat, Vec or IS")
            if min(counts) < 0:
                raise Unusable(f"{path}: byte {offset}: a {found.kind} with a negative size {counts}")
            if offset + length > size:
                raise truncated(path, offset, objects, how)
            objects.append(found)
            offset += length
    if not objects:
        raise Unusable(f"{path} is empty: write it with {how}")
    return objects


def truncated(path, offset, objects, how):
    after = f" after {describe(objects)}" if objects else ""
    return Unusable(f"{path} is truncated: the object at byte {offset}{after} runs past the end of the file; "
                    f"write it again with {how}")


def describe(objects):
    return ", ".join(repr(o) for o in objects) if objects else "nothing"


NAME_LINE = re.compile(r"^#\$\$ Set\.([A-Za-z][A-Za-z0-9_]*) = PetscBinaryRead\(fd\);\s*$")


def petsc_vector_names(path, vector_count):
    """The names of the file's Vecs, in order, from path.info (PETSc's MATLAB-format name blocks:
    the name declared last before each `-vecload_block_size` line is that Vec's), with None for
    a Vec that has none; or None and the reason when there is no usable name. A .info that does
    not list exactly `vector_count` Vecs was written for another file and is not used."""
    info = path + ".info"
    if not os.path.isfile(info):
        return None, f"{os.path.basename(path)} has no .info file"
    names, pending = [], None
    with open(info, encoding="utf-8", errors="replace") as f:
        for line in f:
            match = NAME_LINE.match(line)
            if match:
                pending = match.group(1)
            elif line.lstrip().startswith("-"):
                option = line.split()[0]
                if option.endswith("vecload_block_size"):
                    names.append(pending)
                if option.endswith("load_block_size"):
                    pending = None  # a name before a Mat's line names the Mat
    if len(names) != vector_count:
        return None, f"{os.path.basename(info)} lists {len(names)} Vecs, the file holds {vector_count} (stale?)"
    if not any(names):
        return None, f"{os.path.basename(info)} names no Vec"
    return names, None
