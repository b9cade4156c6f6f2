#!/usr/bin/python3
"""Draws NonlocalKit's demo figures from the CSV files `nonlocal demo` writes (PNG and SVG beside them).

    python3 demo_figures.py FOLDER

Reads kernel.csv, solutions.csv, residuals.csv, error_vs_nonzeros.csv and losses.csv in FOLDER
and writes NAME.png and NAME.svg for each. Uses Debian's python3-matplotlib (Agg, no display).
"""
import sys

from figure_common import number, plt, save, table


def kernel(folder):
    rows = table(folder, "kernel")
    r = [number(row["r"]) for row in rows]
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(r, [number(row["learned"]) for row in rows], label="learned surrogate")
    ax.plot(r, [number(row["truncated"]) for row in rows], "--", label="truncated kernel $C_{1,s}$")
    ax.set_xlabel("$r$")
    ax.set_ylabel("$r^{1+2s} K(r)$")
    ax.set_title("Kernels, scaled by $r^{1+2s}$")
    ax.legend()
    save(fig, folder, "kernel")


def solutions(folder):
    rows = table(folder, "solutions")
    x = [number(row["x"]) for row in rows]
    names = [k for k in rows[0] if k not in ("x", "analytic") and not k.endswith("_error")]
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(7, 6), sharex=True)
    top.plot(x, [number(row["analytic"]) for row in rows], "k", linewidth=2.5, label="analytic")
    for name in names:
        top.plot(x, [number(row[name]) for row in rows], label=name)
        bottom.plot(x, [number(row[name + "_error"]) for row in rows], label=name)
    top.set_ylabel("$u(x)$")
    top.set_title("$(-\\Delta)^{3/4} u = 1$ on $(-1, 1)$")
    top.legend()
    bottom.set_xlabel("$x$")
    bottom.set_ylabel("$u - u_{exact}$")
    bottom.set_yscale("symlog", linthresh=1e-4)
    save(fig, folder, "solutions")


def residuals(folder):
    rows = table(folder, "residuals")
    sizes = sorted({int(row["n"]) for row in rows})
    fig, axes = plt.subplots(1, len(sizes), figsize=(5 * len(sizes), 4), sharey=True, squeeze=False)
    for ax, n in zip(axes[0], sizes):
        for kind in dict.fromkeys(row["preconditioner"] for row in rows):
            points = [(int(row["iteration"]), number(row["relative_residual"])) for row in rows if int(row["n"]) == n and row["preconditioner"] == kind]
            if points:
                style = "--" if kind == "jacobi" else "-"  # Jacobi is none scaled by a constant diagonal here: the curves coincide
                ax.semilogy([p[0] for p in points], [p[1] for p in points], style, label=kind)
        ax.set_xlabel("CG iteration")
        ax.set_title(f"n = {n}")
    axes[0][0].set_ylabel("$\\|b - A u_k\\| / \\|b\\|$")
    axes[0][-1].legend()
    save(fig, folder, "residuals")


def error_vs_nonzeros(folder):
    rows = table(folder, "error_vs_nonzeros")
    fig, ax = plt.subplots(figsize=(6, 4))
    for kind, marker in (("learned", "o-"), ("truncated", "s--")):
        points = sorted((int(row["nonzeros"]), number(row["f1_error"]), row["delta"]) for row in rows if row["kind"] == kind)
        ax.loglog([p[0] for p in points], [p[1] for p in points], marker, label=kind)
        for nnz, err, delta in points:
            ax.annotate(f"δ={float(delta):g}", (nnz, err), textcoords="offset points", xytext=(4, 4), fontsize=8)
    ax.set_xlabel("stored entries of the operator")
    ax.set_ylabel("relative L2 error, f = 1")
    ax.set_title("Accuracy against sparsity")
    ax.legend()
    save(fig, folder, "error_vs_nonzeros")


def losses(folder):
    rows = table(folder, "losses")
    orders = [int(row["order"]) for row in rows]
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.semilogy(orders, [number(row["training_relative"]) for row in rows], "o-", label="training")
    ax.semilogy(orders, [number(row["validation_relative"]) for row in rows], "s--", label="validation")
    ax.set_xlabel("Bernstein order M")
    ax.set_ylabel("relative loss $\\|L_K u - f\\|^2 / \\|f\\|^2$")
    ax.set_title("Order sweep")
    ax.legend()
    save(fig, folder, "losses")


def main(folder):
    for draw in (kernel, solutions, residuals, error_vs_nonzeros, losses):
        draw(folder)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: demo_figures.py FOLDER")
    main(sys.argv[1])
