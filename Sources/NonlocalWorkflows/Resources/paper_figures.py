#!/usr/bin/python3
"""Draws the paper's figures that `nonlocal reproduce` recomputes, from the CSV files it writes.

    python3 paper_figures.py FOLDER NAME...

For each NAME (figure1, figure2, figure3, figure4, figure5, figure10) reads FOLDER/NAME.csv and writes NAME.png and
NAME.svg beside it. Uses Debian's python3-matplotlib (Agg, no display).
"""
import sys

from figure_common import plt, save, table


def prediction(folder, name, order):
    """u (left) and f against L_K u (right) for each test sample, one row per sample."""
    rows = table(folder, name)
    samples = sorted({r["sample"] for r in rows}, key=int)
    fig, axes = plt.subplots(len(samples), 2, figsize=(10, 2.6 * len(samples)), squeeze=False)
    for row_axes, sample in zip(axes, samples):
        part = [r for r in rows if r["sample"] == sample]
        x = [float(r["x"]) for r in part]
        row_axes[0].plot(x, [float(r["u"]) for r in part])
        row_axes[0].set_ylabel(f"sample {int(sample) + 1}: $u$")
        row_axes[1].plot(x, [float(r["f"]) for r in part], "k-", linewidth=2, label="target $f$")
        row_axes[1].plot(x, [float(r["prediction"]) for r in part], "--", label="prediction $L_{K^*}[u]$")
        row_axes[1].legend(fontsize=8)
    for ax in axes[-1]:
        ax.set_xlabel("$x$")
    fig.suptitle(f"kernel (5.3), nonnegative kernel of order $M = {order}$")
    save(fig, folder, name)


def figure3(folder):
    """Training and validation loss against the order M, low- and high-frequency data (two panels)."""
    rows = table(folder, "figure3")
    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    for ax, content in zip(axes, ["low", "high"]):
        part = [r for r in rows if r["content"] == content]
        m = [int(r["order"]) for r in part]
        ax.semilogy(m, [float(r["training"]) for r in part], "o-", label="training loss")
        ax.semilogy(m, [float(r["validation"]) for r in part], "s--", label="validation loss")
        ax.set_xlabel("basis order $M$")
        ax.set_ylabel("loss")
        ax.set_title(f"kernel (5.4), {content}-frequency data")
        ax.legend()
    save(fig, folder, "figure3")


def kernels(folder, name, title):
    """The manufactured kernel against the learned one (nonnegative part and whole) for several M."""
    rows = table(folder, name)
    orders = [c for c in rows[0] if c.startswith("C_M")]
    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    t = [float(r["r_over_delta"]) for r in rows]
    for ax, prefix, label in [(axes[0], "C_M", "nonnegative part"), (axes[1], "CD_M", "full kernel")]:
        ax.plot(t, [float(r["manufactured"]) for r in rows], "k-", linewidth=2, label="$K_{man}$ (5.4)")
        for column in orders:
            order = column[len("C_M"):]
            ax.plot(t, [float(r[prefix + order]) for r in rows], label=f"$M = {order}$")
        ax.set_xlabel("$|y - x| / \\delta$")
        ax.set_ylabel("$\\delta^3 K$")
        ax.set_title(f"{title}: {label}")
        ax.legend(fontsize=8)
    save(fig, folder, name)


def figure10(folder):
    """C only against C + D for c = 0.003, delta = 0.5."""
    rows = table(folder, "figure10")
    t = [float(r["r_over_delta"]) for r in rows]
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(t, [float(r["C"]) for r in rows], label="$\\{C_m\\}$ only")
    ax.plot(t, [float(r["CD"]) for r in rows], "--", label="$\\{C_m + D_m\\}$")
    ax.axhline(0, color="gray", linewidth=0.8)
    # The kernel spans four decades near r = 0 and its negative tail is small: symmetric log scale.
    ax.set_yscale("symlog", linthresh=1)
    ax.set_xlabel("$|y - x| / \\delta$")
    ax.set_ylabel("$\\delta^3 K$ (symmetric log scale)")
    ax.set_title("biharmonic, $c = 0.003$, $\\delta = 0.5$")
    ax.legend()
    save(fig, folder, "figure10")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    drawers = {
        "figure1": lambda f: prediction(f, "figure1", 1),
        "figure2": lambda f: prediction(f, "figure2", 2),
        "figure3": figure3,
        "figure4": lambda f: kernels(f, "figure4", "low-frequency data"),
        "figure5": lambda f: kernels(f, "figure5", "high-frequency data"),
        "figure10": figure10,
    }
    for name in sys.argv[2:]:
        if name not in drawers:
            sys.exit(f"no figure named {name}")
        drawers[name](sys.argv[1])
