#!/usr/bin/env python3
"""Writes docs/benchmarks.md from a scripts/benchmarks.sh run: the JMH JSON files (jmh*.json), the environment
records of the forks (env/*.json, see RunEnvironment.java) and the PyTorch logs (pytorch-*.log, one
`RESULT {json}` line each, plus `PEAK_RSS_KB n` from /usr/bin/time). Python 3 standard library only.

Units: ms per char training step, ms per 500 generated chars, s per stock epoch, s per full sentiment epoch
(25,000 reviews; a run on a sample is scaled by 25,000 / reviews, the record's epochScale), ms per single request
(percentiles)."""
import argparse, datetime, glob, json, os, re, subprocess

# workload -> (title, shape, unit, JMH benchmark method, JMH percentile (None: the score), PyTorch job (its log
# pytorch-<job>.log; its peak RSS is the comparison's), function of its RESULT dict -> value in unit, or None when
# the job reports no time for this workload)
WORKLOADS = [
    ("char training step", "64 x 40 chars, emb 256, LSTM 512, 57 chars", "ms",
     "CharLanguageModelBenchmark.trainStep", None, "chargen", lambda r: r["ms_per_step"]),
    ("generate 500 chars", "after \"the emperor\", temperature 1", "ms",
     "CharLanguageModelBenchmark.generate500", None, "chargen", lambda r: r["generate_500_ms"]),
    ("stock training epoch", "8,056 windows of 5 x 37, batch 128, 2 x LSTM 16", "s",
     "StockBenchmark.trainEpoch", None, "stock", lambda r: r["ms_per_epoch"] / 1000),
    ("sentiment training epoch", "25,000 IMDb reviews, batch 32, emb 32, LSTM 50", "s",
     "SentimentEpochBenchmark.trainEpoch", None, "sentiment",
     lambda r: sorted(r["epoch_s"])[len(r["epoch_s"]) // 2] * 25000 / r["train"]),
    ("sentiment training step", "32 x 238 tokens (synthetic)", "ms", "SentimentBenchmark.trainStep", None,
     "sentiment", None),
    ("stock inference", "119 windows of 5 x 37", "ms", "StockBenchmark.predictTest", None, "stock", None),
    ("sentiment inference", "32 x 238 tokens (synthetic)", "ms", "SentimentBenchmark.predictBatch", None,
     "sentiment-latency", None),
] + [
    (f"one review predicted, p{p}", "an IMDb test review, book model, one thread", "ms",
     "SingleRequestBenchmark.classifierOneReview", pct, "sentiment-latency",
     (lambda key: (lambda r: r.get(key)))(key))
    for p, pct, key in (("50", "50.0", "predict_ms_p50"), ("99", "99.0", "predict_ms_p99"), ("99.9", "99.9", None))
] + [
    (f"one stock window predicted, p{p}", "5 x 37, book model, one thread", "ms",
     "SingleRequestBenchmark.regressorOneWindow", pct, "stock-latency", (lambda key: (lambda r: r.get(key)))(key))
    for p, pct, key in (("50", "50.0", "predict_ms_p50"), ("99", "99.0", "predict_ms_p99"),
                        ("99.9", "99.9", "predict_ms_p999"))
]
SECONDS = {"s": 1.0, "ms": 1e-3, "us": 1e-6, "ns": 1e-9}


def to_unit(score, score_unit, unit):
    """Converts a JMH score such as 1234 'ms/op' to the workload's unit."""
    return score * SECONDS[score_unit.split("/")[0]] / SECONDS[unit]


def load_jmh(results):
    runs = []
    for path in sorted(glob.glob(os.path.join(results, "jmh*.json"))):
        with open(path) as fh:
            runs += json.load(fh)
    return runs


def load_env(results):
    records = {}
    for path in glob.glob(os.path.join(results, "env", "*.json")):
        with open(path) as fh:
            r = json.load(fh)
        records[(r["benchmark"], json.dumps(r["params"], sort_keys=True))] = r
    return records


def load_pytorch(results):
    """job -> (RESULT dict, peak RSS in MiB or None), from the logs pytorch-<job>.log"""
    out = {}
    for path in glob.glob(os.path.join(results, "pytorch-*.log")):
        result, rss = None, None
        with open(path) as fh:
            for line in fh:
                if line.startswith("RESULT "):
                    result = json.loads(line[len("RESULT "):])
                m = re.match(r"PEAK_RSS_KB (\d+)", line)
                if m:
                    rss = int(m.group(1)) / 1024
        if result:
            out[os.path.basename(path)[len("pytorch-"):-len(".log")]] = (result, rss)
    return out


def label(classifier):
    """'linux-x86_64-avx2' -> 'linux-x86_64-avx2 (avx2)'; a classifier without an extension is the generic build."""
    ext = re.search(r"-(avx2|avx512)$", classifier)
    return f"{classifier} ({ext.group(1) if ext else 'generic'})" if classifier not in ("?", "unknown") else classifier


def git(*args):
    try:
        return subprocess.run(["git", *args], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def fmt(x, unit):
    if x is None:
        return "—"
    if unit == "MiB":
        return f"{x:,.0f}"
    return f"{x:,.0f}" if (unit == "ms" and x >= 100) else f"{x:,.3g}" if x < 100 else f"{x:,.1f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--results", default="results/benchmarks")
    ap.add_argument("--out", default="docs/benchmarks.md")
    ap.add_argument("--threads", default="1")
    ap.add_argument("--quick", default="0")
    ap.add_argument("--note", default="", help="a sentence about the run, e.g. that the machine was busy")
    a = ap.parse_args()
    jmh, env, torch = load_jmh(a.results), load_env(a.results), load_pytorch(a.results)

    rows, records = [], []
    for title, shape, unit, method, pct, job, torch_value in WORKLOADS:
        run = next((j for j in jmh if j["benchmark"].endswith("." + method)), None)
        ours = err = rss = None
        note = ""
        if run:
            rec = env.get((run["benchmark"], json.dumps(run.get("params", {}), sort_keys=True)), {})
            records.append(rec)
            pm = run["primaryMetric"]
            params = run.get("params", {})
            # a sentiment epoch over a sample is scaled to the full 25,000 reviews
            scale = rec.get("epochScale", 1 / float(params["fraction"]) if "fraction" in params else 1)
            score = pm["scorePercentiles"][pct] if pct else pm["score"]
            ours = to_unit(score, pm["scoreUnit"], unit) * scale
            if not pct and isinstance(pm.get("scoreError"), (int, float)) and pm["scoreError"] == pm["scoreError"]:
                err = to_unit(pm["scoreError"], pm["scoreUnit"], unit) * scale
            rss = rec.get("peakRssMb")
            if "epochScale" in rec:
                note = (f"rnn4j: {rec['reviews']:,} sampled reviews x {rec['epochScale']:.4g}, vocabulary "
                        f"{rec['vocabulary']:,}, bucketing={params.get('bucketing')}")
        theirs, their_rss = None, None
        if job in torch:
            result, their_rss = torch[job]
            theirs = torch_value(result) if torch_value else None
            if job == "sentiment" and torch_value and result["train"] != 25000:
                note += ("; " if note else "") + (f"PyTorch: {result['train']:,} reviews x {25000 / result['train']:.4g},"
                                                  f" vocabulary {result['vocab']:,}, packed sequences")
        ratio = f"{ours / theirs:.2f}" if ours is not None and theirs else "—"
        rss_ratio = f"{rss / their_rss:.2f}" if rss and their_rss else "—"
        rows.append(f"| {title} | {shape} | {unit} | {fmt(ours, unit)}"
                    + (f" ± {fmt(err, unit)}" if err else "") + f" | {fmt(theirs, unit)} | {ratio} | "
                    + f"{fmt(rss, 'MiB')} | {fmt(their_rss, 'MiB')} | {rss_ratio} | {note} |")

    first = next((r for r in records if r), {})
    threshold = first.get("mallocMmapThreshold")
    malloc = (f", glibc's mmap threshold fixed at {int(threshold) / 2**20:g} MB"
              if threshold and threshold.isdigit() else "")
    backends = sorted({r.get("backend", "?") for r in records if r})
    classifiers = sorted({label(r.get("classifier", "?")) for r in records if r})
    omp = sorted({r.get("ompNumThreads", "?") for r in records if r})
    nd4j = sorted({str(r.get("nd4jMaxThreads", "?")) for r in records if r})
    peers = sorted({r["peer"] for r, _ in torch.values()})
    # the run's own outputs (results/benchmarks/, this report) do not count as changes to the code measured
    dirty = " (with uncommitted changes)" if git("status", "--porcelain", "--untracked-files=no", "--", ".",
                                                 ":!results/benchmarks", ":!docs/benchmarks.md") else ""
    lines = [
        "# Benchmarks: rnn4j vs PyTorch",
        "",
        "Written by `scripts/benchmarks.sh` (see the README's Benchmarks section); raw results in "
        f"`{a.results}/`. Time per operation, lower is better; ratio = rnn4j / PyTorch (≤ 1.0 means rnn4j is "
        "at least as fast). rnn4j: JMH average (± its 99.9% error where there were several iterations); "
        "PyTorch: the reference scripts' own timers.",
        "",
    ]
    if a.note:
        lines += [f"**Note:** {a.note}", ""]
    if a.quick == "1":
        lines += ["**QUICK run**: few iterations, steps and epochs on both sides; the numbers show that the suite "
                  "runs, not what the code costs.", ""]
    lines += [
        "| workload | shape | unit | rnn4j | PyTorch | ratio | rnn4j peak RSS (MiB) | PyTorch peak RSS (MiB) "
        "| RSS ratio | note |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        *rows,
        "",
        "| run | |",
        "| --- | --- |",
        f"| machine | {first.get('cpu', '?')}, {first.get('cores', '?')} logical CPUs |",
        f"| threads | {a.threads} (OMP_NUM_THREADS={', '.join(omp)}; ND4J max threads {', '.join(nd4j)}) |",
        f"| rnn4j backend | {', '.join(backends)} (native classifier {', '.join(classifiers)}) |",
        f"| JVM | {first.get('java', '?')} |",
        f"| PyTorch | {', '.join(peers) or 'not run'} |",
        f"| date | {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')} |",
        *([f"| PyTorch figures | from the logs of an earlier run ({os.environ['PYTORCH_FROM']}) |"]
          if os.environ.get("PYTORCH_FROM") else []),
        f"| commit | {git('rev-parse', '--short', 'HEAD')}{dirty} |",
        "",
        "Peak RSS is the JMH fork's VmHWM (one JVM per workload, run with the launcher's memory settings: the serial "
        f"collector, a 64 MB initial heap{malloc}) and /usr/bin/time's maximum RSS of the whole PyTorch script, "
        "which runs all of its project's measurements in one process: `chargen` (training, then generation), "
        "`stock` (training, then the test windows), `sentiment` (one training epoch and the test set), `sentiment-latency` (the book "
        "model on 2,000 reviews, 0 epochs, 500 single-review predictions) and `stock-latency` "
        "(`scripts/pytorch_stock_latency.py`: the reference's stock network, 5,000 single-window predictions). "
        "Latency rows: JMH sample time percentiles, and the scripts' own percentiles of `perf_counter` timings.",
        "",
    ]
    os.makedirs(os.path.dirname(a.out) or ".", exist_ok=True)
    with open(a.out, "w") as fh:
        fh.write("\n".join(lines))


if __name__ == "__main__":
    main()
