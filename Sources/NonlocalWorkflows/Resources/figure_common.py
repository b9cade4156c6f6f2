"""What NonlocalKit's figure scripts share (demo_figures.py, paper_figures.py): matplotlib without a
display in one house style, reading a CSV table the command wrote, and saving a figure as PNG and SVG."""
import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

# A fixed salt for the SVG element ids (random by default) and no date in the SVG metadata below: the same
# data give byte-identical figures, as they give byte-identical CSV files.
plt.rcParams.update({"figure.dpi": 110, "axes.grid": True, "grid.alpha": 0.3, "font.size": 10, "svg.hashsalt": "nonlocalkit"})


def table(folder, name):
    """The rows of FOLDER/NAME.csv as dictionaries; exits with a message when it has none."""
    with open(f"{folder}/{name}.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        sys.exit(f"{folder}/{name}.csv has no rows to plot")
    return rows


def number(text):
    """A CSV field as a float; an empty field is NaN."""
    return float(text) if text not in ("", None) else float("nan")


def save(fig, folder, name):
    """Writes FOLDER/NAME.png and FOLDER/NAME.svg and closes the figure."""
    fig.tight_layout()
    fig.savefig(f"{folder}/{name}.png")
    fig.savefig(f"{folder}/{name}.svg", metadata={"Date": None})
    plt.close(fig)
