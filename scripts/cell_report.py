#!/usr/bin/env python3
"""The README's cell comparison table from scripts/cell_comparison.sh's files.

Reads results/cells/<project>/ (rnn4j: <prefix>-<cell>-seed<s>.json; PyTorch: pytorch-<cell>-seed<s>.json) and
prints one Markdown row per project and cell: rnn4j's parameter count, training time per epoch (sentiment, stock)
or per step (text) for rnn4j and PyTorch and their ratio (means over seeds), and the quality figure as mean ± sd
over seeds: test accuracy (sentiment), test R² (stock), held-out nats and bits per character (text; rnn4j's
held-out text, PyTorch's valid_loss_nats over its EVAL_WINDOWS windows, two protocols).

Where results/cells/timing/<project>/ exists, the times (both sides) come from it instead: short runs made back to
back on a quiet machine (scripts/cell_comparison.sh with OUT=results/cells/timing and a short EPOCHS or STEPS), for
projects whose full runs are too long to make back to back with PyTorch, or were made two at a time. Quality then
comes only from the full runs in results/cells/<project>/ (a short run's quality is not shown).
Usage: python3 scripts/cell_report.py [results/cells] [--out FILE]
"""
import glob
import json
import math
import os
import re
import statistics
import sys

PROJECTS = {"sentiment": "sentiment", "stock": "stock", "text": "chargen"}
CELLS = ["lstm", "gru", "rnn"]


def load(path):
    with open(path, encoding="utf-8") as f:
        text = f.read().strip()
    return json.loads(text) if text else None


def mean_sd(values, digits, unit=""):
    values = [v for v in values if v is not None]
    if not values:
        return "–"
    m = statistics.mean(values)
    if unit == "nats":  # a character model's loss, also in bits
        unit = f"nats ({m / math.log(2):.{digits}f} bits)"
    unit = " " + unit if unit else ""
    if len(values) == 1:
        return f"{m:.{digits}f}{unit}, 1 seed"
    return f"{m:.{digits}f} ± {statistics.stdev(values):.{digits}f}{unit}, {len(values)} seeds"


def mean(values):
    values = [v for v in values if v is not None]
    return statistics.mean(values) if values else None


def rnn4j_figures(project, d):
    """(parameters, time in ms per epoch or step, quality) of one rnn4j results file."""
    if project == "sentiment":
        return d.get("parameters"), 1000 * d["meanEpochSeconds"], d["test"]["accuracy"]
    if project == "stock":
        m = d["members"][0]
        return m.get("parameters"), m["msPerEpochMean"], d["test"]["r2"]
    nats = d["validation"]["nats"]
    return d.get("parameters"), d["millisPerStep"], nats


def pytorch_figures(project, d):
    if project == "sentiment":
        return 1000 * statistics.mean(d["epoch_s"]), d["test_accuracy"]
    if project == "stock":
        return d["ms_per_epoch"], d["test_r2"]
    return d["ms_per_step"], d["valid_loss_nats"]


def figures(folder, project, prefix, cell):
    """(rnn4j figures, PyTorch figures) of every seed's files of one cell in one folder."""
    ours, theirs = [], []
    for f in sorted(glob.glob(os.path.join(folder, f"{prefix}-{cell}-seed*.json"))):
        if re.search(r"-seed\d+\.json$", f):
            ours.append(rnn4j_figures(project, load(f)))
    for f in sorted(glob.glob(os.path.join(folder, f"pytorch-{cell}-seed*.json"))):
        d = load(f)
        if d:
            theirs.append(pytorch_figures(project, d))
    return ours, theirs


def rows(root):
    out = []
    for project, prefix in PROJECTS.items():
        folder = os.path.join(root, project)
        timing = os.path.join(root, "timing", project)
        if not os.path.isdir(folder) and not os.path.isdir(timing):
            continue
        for cell in CELLS:
            ours, theirs = figures(folder, project, prefix, cell)
            timed = os.path.isdir(timing)
            t_ours_runs, t_theirs_runs = figures(timing, project, prefix, cell) if timed else (ours, theirs)
            if not ours and not theirs and not t_ours_runs:
                continue
            params = (ours or t_ours_runs)[0][0]
            t_ours = mean([o[1] for o in t_ours_runs])
            t_theirs = mean([t[0] for t in t_theirs_runs])
            ratio = f"{t_ours / t_theirs:.2f}" if t_ours and t_theirs else "–"
            unit = {"text": "ms/step", "stock": "ms/epoch", "sentiment": "s/epoch"}[project]
            if project == "sentiment":  # seconds, not tens of thousands of milliseconds
                t_ours, t_theirs = (v / 1000 if v else v for v in (t_ours, t_theirs))
            digits = 4 if project != "text" else 3
            loss_unit = "nats" if project == "text" else ""
            quality = mean_sd([o[2] for o in ours], digits, loss_unit)
            quality_pt = mean_sd([t[1] for t in theirs], digits, loss_unit)
            out.append([project, cell, f"{params:,}" if params else "–",
                        f"{t_ours:,.1f} {unit}" if t_ours else "–", f"{t_theirs:,.1f} {unit}" if t_theirs else "–",
                        ratio, quality, quality_pt])
    return out


def main():
    args = [a for a in sys.argv[1:] if a != "--out"]
    out_file = sys.argv[sys.argv.index("--out") + 1] if "--out" in sys.argv else None
    if out_file:
        args.remove(out_file)
    root = args[0] if args else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "results", "cells")
    header = ["project", "cell", "parameters (rnn4j)", "rnn4j time", "PyTorch time", "rnn4j / PyTorch",
              "rnn4j quality", "PyTorch quality"]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(r) + " |" for r in rows(root)]
    lines.append("")
    lines.append("Quality: sentiment test accuracy, stock test R², text held-out nats (and bits) per character; "
                 "mean ± sd over seeds. Times are means over seeds, one thread each, run back to back"
                 + (" (from results/cells/timing/ where it exists)." if os.path.isdir(os.path.join(root, "timing"))
                    else "."))
    text = "\n".join(lines) + "\n"
    if out_file:
        with open(out_file, "w", encoding="utf-8") as f:
            f.write(text)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
