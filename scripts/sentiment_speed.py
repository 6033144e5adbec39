#!/usr/bin/env python3
"""Sentiment speed levers, measured back to back in one session on the same training subset (1 epoch each):
the PyTorch reference (packed sequences, 1 thread), then rnn4j with FusedLstm (the default) and with DL4J's LSTM, with
and without length bucketing, each with 1 thread, then PyTorch again. Writes docs/sentiment-speed-backtoback.md. Usage (from the repository root, after `mvn install -DskipTests`):

    RNN_DATA_HOME=../shared/data /usr/bin/python3 scripts/sentiment_speed.py [MAX_TRAIN]

PyTorch comes from Debian: apt-get install -y python3-torch libopenblas0-pthread (use /usr/bin/python3).
"""
import json, os, platform, subprocess, sys, time

N = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REF = os.path.join(ROOT, "..", "shared", "reference", "pytorch", "sentiment.py")
OUT = os.path.join(ROOT, "target", "speed")


def run(cmd, env):
    print("+", " ".join(cmd), flush=True)
    p = subprocess.run(cmd, env={**os.environ, **env}, cwd=ROOT, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(p.stdout[-2000:] + p.stderr[-2000:])
    return p.stdout


def pytorch():
    out = run(["/usr/bin/python3", REF], {"THREADS": "1", "EPOCHS": "1", "MAX_TRAIN": str(N), "MAX_TEST": "500"})
    r = json.loads([l for l in out.splitlines() if l.startswith("RESULT ")][0][7:])
    return r["epoch_s"][0]


def rnn4j(name, threads, *flags):
    run(["./rnn4j", "sentiment", "train", "--epochs", "1", "--max-train", str(N), "--max-test", "500", "--variant", name,
         "--results", OUT, *flags], {"OMP_NUM_THREADS": str(threads)})
    with open(os.path.join(OUT, f"sentiment-{name}.json")) as f:
        return json.load(f)["epochs"][0]["seconds"]


rows = []
ref = pytorch()
rows.append(("PyTorch 1.13 reference (packed sequences), 1 thread", ref))
rows.append(("rnn4j, FusedLstm, length bucketing, 1 thread (default)", rnn4j("speed-bucketing", 1)))
rows.append(("rnn4j, FusedLstm, no bucketing (random batches padded to their longest review), 1 thread",
             rnn4j("speed-plain", 1, "--no-bucketing")))
rows.append(("rnn4j, DL4J's LSTM, length bucketing, 1 thread", rnn4j("speed-dl4j", 1, "--dl4j-lstm")))
rows.append(("PyTorch 1.13 reference again (drift check), 1 thread", pytorch()))

commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
lines = [
    "# Sentiment training speed, back to back: rnn4j vs PyTorch",
    "",
    f"Produced by `RNN_DATA_HOME=../shared/data /usr/bin/python3 scripts/sentiment_speed.py {N}` on "
    f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, commit {commit}, {platform.machine()} with "
    f"{os.cpu_count()} vCPUs. One epoch over the same {N} random training reviews (book model, batch 32), "
    "each configuration run back to back in one session. Ratio = time / first PyTorch run.",
    "",
    "| configuration | seconds per epoch | ratio to PyTorch |",
    "| --- | ---: | ---: |",
]
lines += [f"| {name} | {s:.1f} | {s / ref:.2f} |" for name, s in rows]
os.makedirs(os.path.join(ROOT, "docs"), exist_ok=True)
path = os.path.join(ROOT, "docs", "sentiment-speed-backtoback.md")
with open(path + ".tmp", "w") as f:
    f.write("\n".join(lines) + "\n")
os.replace(path + ".tmp", path)
print("\n".join(lines))
