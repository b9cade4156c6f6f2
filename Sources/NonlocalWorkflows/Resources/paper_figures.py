#!/usr/bin/python3
"""Draws the paper's figures that `nonlocal reproduce` recomputes, from the CSV files it writes.

    python3 paper_figures.py FOLDER NAME...

For each NAME (figure1 … figure10) reads FOLDER/NAME.csv and writes NAME.png and
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
    """Training and validation loss against the order M, low- and high-frequency data (two panels): the exact solvers
    and paper mode (Adam under the printed constraint)."""
    rows = table(folder, "figure3")
    fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    styles = {"exact": ("C0", "exact solvers"), "paper-mode": ("C1", "paper mode (Adam, printed constraint)")}
    for ax, content in zip(axes, ["low", "high"]):
        for method, (color, label) in styles.items():
            part = [r for r in rows if r["content"] == content and r["method"] == method]
            if not part:
                continue
            m = [int(r["order"]) for r in part]
            ax.semilogy(m, [float(r["training_relative"]) for r in part], "o-", color=color, markersize=3, label=f"{label}: training")
            ax.semilogy(m, [float(r["validation_relative"]) for r in part], "s--", color=color, markersize=3, label=f"{label}: validation")
        ax.set_xlabel("basis order $M$")
        ax.set_ylabel("loss / $\\|f\\|^2$")
        ax.set_title(f"kernel (5.4), {content}-frequency data")
        ax.legend(fontsize=7)
    save(fig, folder, "figure3")


def kernels(folder, name, title):
    """The manufactured kernel against the learned ones for several M: two stages' nonnegative part and whole kernel,
    and the joint program's whole kernel (with the curvature penalty)."""
    rows = table(folder, name)
    panels = [("C_M", "two stages: nonnegative part"), ("CD_M", "two stages: full kernel"), ("JC_M", "joint + curvature: full kernel")]
    panels = [p for p in panels if any(c.startswith(p[0]) for c in rows[0])]
    fig, axes = plt.subplots(1, len(panels), figsize=(5 * len(panels), 4), squeeze=False)
    t = [float(r["r_over_delta"]) for r in rows]
    for ax, (prefix, label) in zip(axes[0], panels):
        ax.plot(t, [float(r["manufactured"]) for r in rows], "k-", linewidth=2, label="$K_{man}$ (5.4)")
        for column in [c for c in rows[0] if c.startswith(prefix)]:
            order = column[len(prefix):]
            ax.plot(t, [float(r[column]) for r in rows], label=f"$M = {order}$")
        ax.set_xlabel("$|y - x| / \\delta$")
        ax.set_ylabel("$\\delta^3 K$")
        ax.set_title(f"{title}: {label}", fontsize=9)
        ax.legend(fontsize=8)
    save(fig, folder, name)


def wavelength(lam):
    """A training wavelength as the paper writes it: 1/16 rather than 0.0625."""
    return f"1/{1 / lam:g}" if lam < 1 else f"{lam:g}"


def figure6(folder):
    """The layered medium (top) and one fine solution with its moving and cell-pair averages (bottom), on [0, 2]."""
    rows = table(folder, "figure6")
    series = lambda name: ([float(r["x"]) for r in rows if r["series"] == name], [float(r["value"]) for r in rows if r["series"] == name])
    fig, axes = plt.subplots(2, 1, figsize=(8, 5), sharex=True, gridspec_kw={"height_ratios": [1, 2]})
    axes[0].step(*series("kappa"), where="post", color="k")
    axes[0].set_ylabel("$\\kappa(x)$")
    axes[0].set_title("cells of width $L = 0.1$, diffusivity 1 and 4 (period $2L$)")
    axes[1].plot(*series("fine"), color="0.6", label="P1 solution $u$ (16 elements per cell)")
    axes[1].plot(*series("moving"), "-", label="moving average over $[x - L, x + L]$ (default)")
    axes[1].step(*series("cell-pairs"), where="post", label="cell-pair average (paper)")
    axes[1].set_xlabel("$x$")
    axes[1].set_ylabel("$u$, forcing $\\sin(2\\pi x / 0.4)$")
    low, high = axes[1].get_ylim()
    axes[1].set_ylim(low, high + 0.45 * (high - low))  # room for the legend above the curves
    axes[1].legend(fontsize=8, ncol=2, loc="upper center")
    save(fig, folder, "figure6")


def figure7(folder):
    """Nonlocal solutions against the coarse-grained local one for a low- and a high-frequency forcing."""
    rows = table(folder, "figure7")
    x = [float(r["x"]) for r in rows]
    fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    for ax, k, title in [(axes[0], 5, "$f = \\sin \\pi x$"), (axes[1], 40, "$f = \\sin 8 \\pi x$")]:
        ax.plot(x, [float(r[f"truth_k{k}"]) for r in rows], "k-", linewidth=2, label="local, moving average")
        for column in [c for c in rows[0] if c.startswith("lambda") and c.endswith(f"_k{k}")]:
            lam = float(column[len("lambda"):-len(f"_k{k}")])
            ax.plot(x, [float(r[column]) for r in rows], "--", label=f"nonlocal, trained on $\\lambda \\geq {wavelength(lam)}$")
        ax.set_xlim(0, 4 if k == 5 else 1)
        ax.set_xlabel("$x$")
        ax.set_title(f"{title}, $\\delta = 8L$")
        ax.legend(fontsize=8)
    save(fig, folder, "figure7")


def darcy_panels(folder, name, draw, xlabel, ylabel, sharey=False):
    """Figures 8 and 9: one panel per delta, one curve per training range [1/10, 1/lambda_min], each drawn by
    draw(ax, rows, label). Returns the figure, unsaved."""
    rows = table(folder, name)
    deltas = sorted({float(r["delta"]) for r in rows})
    fig, axes = plt.subplots(1, len(deltas), figsize=(5 * len(deltas), 4), sharey=sharey, squeeze=False)
    for ax, delta in zip(axes[0], deltas):
        part = [r for r in rows if float(r["delta"]) == delta]
        for lam in sorted({float(r["minimum_wavelength"]) for r in part}, reverse=True):
            draw(ax, [r for r in part if float(r["minimum_wavelength"]) == lam], f"training $1/\\lambda \\in [0.1, {1 / lam:g}]$")
        ax.set_xlabel(xlabel)
        ax.set_title(f"$\\delta = {delta / 0.1:.0f}L$")
        ax.legend(fontsize=7)
    axes[0][0].set_ylabel(ylabel)
    return fig


def figure8(folder):
    """Relative solution error against the test frequency."""
    def draw(ax, curve, label):
        ax.loglog([1 / float(r["test_wavelength"]) for r in curve], [float(r["error"]) for r in curve], "o-", markersize=3, label=label)
    save(darcy_panels(folder, "figure8", draw, "test frequency $1/\\lambda$", "relative solution error", sharey=True), folder, "figure8")


def figure9(folder):
    """The learned kernels."""
    def draw(ax, curve, label):
        ax.plot([float(r["r"]) for r in curve], [float(r["K"]) for r in curve], label=label)
    fig = darcy_panels(folder, "figure9", draw, "$|y - x|$", "$K$")
    for ax in fig.axes:
        ax.axhline(0, color="gray", linewidth=0.8)
    save(fig, folder, "figure9")


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
        "figure6": figure6,
        "figure7": figure7,
        "figure8": figure8,
        "figure9": figure9,
        "figure10": figure10,
    }
    for name in sys.argv[2:]:
        if name not in drawers:
            sys.exit(f"no figure named {name}")
        drawers[name](sys.argv[1])
