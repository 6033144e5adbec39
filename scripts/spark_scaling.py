#!/usr/bin/env python3
"""The scaling model of docs/spark.md, on paper, from the figures scripts/spark_runs.sh measured.

Reads results/spark/tests.txt (parameter counts and one step's time of the three book models, and the stock
model's local[2] run, from which a round's fixed cost is estimated) and writes results/spark/scaling.md.

Per averaging round, with P parameters, W workers, F batches per worker between averagings, t one step's time:
  traffic  = W x 4 bytes x P x 3 (weights + Adam's two moments) x 2 (to the workers and back)
  compute  = F x t            (the workers train in parallel)
  round    = compute + traffic / B + c   (B the driver's bandwidth, c the round's fixed cost)
  speed-up = W x F x t / round         (batches per second against one machine's 1 / t)
Averaging stops paying where the traffic alone takes as long as the compute: W* = F x t x B / (24 P).
"""
import re
import sys

tests = open(sys.argv[1] if len(sys.argv) > 1 else "results/spark/tests.txt").read()
models = []
for m in re.finditer(r"scaling (.+?): (\d+) parameters .*?one step of batch (\d+) on one thread: ([\d.]+|NaN) ms",
                     tests):
    models.append((m.group(1), int(m.group(2)), int(m.group(3)), float(m.group(4))))
stock = re.search(r"alone 1 epoch \(252 steps\) ([\d.]+) s.*?local\[2\] 26 rounds x 2 workers x 5 batches ([\d.]+) s",
                  tests)
alone_step = float(stock.group(1)) / 252
fixed = float(stock.group(2)) / 26 - 5 * alone_step

out = ["| model | parameters P | P x 4 bytes | traffic per worker and round (24 P) | one step t (batch) |"
       " W* at 1 Gbit/s, F = 5 | W* at 10 Gbit/s, F = 5 | W* at 10 Gbit/s, F = 50 |",
       "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
for name, p, batch, t in models:
    if t != t:  # NaN: no step time measured
        continue
    row = [name, f"{p:,}", f"{4 * p / 1e6:.2f} MB", f"{24 * p / 1e6:.1f} MB", f"{t:.1f} ms ({batch})"]
    for bw, f in ((125e6, 5), (1.25e9, 5), (1.25e9, 50)):
        row.append(f"{f * t / 1e3 * bw / (24 * p):.1f}")
    out.append("| " + " | ".join(row) + " |")
out.append("")
out.append(f"A round's fixed cost c (task scheduling, serialisation, the driver's averaging), estimated from the "
           f"stock model's local[2] run (26 rounds of 2 x 5 batches of 32, where the network carries nothing): "
           f"{fixed:.2f} s a round ({stock.group(2)} s / 26 - 5 x {alone_step * 1e3:.1f} ms).")
out.append("")
out.append("Speed-up over one machine, W x F x t / (F x t + 24 P W / B + c), at 10 Gbit/s (B = 1.25 GB/s) with "
           "that c:")
out.append("")
out.append("| model | F | W = 2 | W = 8 | W = 32 | W = 128 |")
out.append("| --- | ---: | ---: | ---: | ---: | ---: |")
for name, p, batch, t in models:
    if t != t:
        continue
    for f in (5, 50):
        cells = []
        for w in (2, 8, 32, 128):
            rnd = f * t / 1e3 + 24 * p * w / 1.25e9 + fixed
            cells.append(f"{w * f * t / 1e3 / rnd:.1f}")
        out.append(f"| {name} | {f} | " + " | ".join(cells) + " |")
text = "\n".join(out) + "\n"
open("results/spark/scaling.md", "w").write(text)
print(text)
