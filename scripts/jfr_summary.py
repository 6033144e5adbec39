#!/usr/bin/env python3
"""Where a JFR recording's samples fall: the share of one thread's samples (Java and native method samples
together) spent inside each group of methods, and the top frames.

    java -XX:StartFlightRecording=filename=run.jfr,settings=profile -jar ... ; scripts/jfr_summary.py run.jfr

Each sample goes to one category (the shares sum to 100%): the first listed in CATEGORIES that matches any frame
of its stack, else the NEAREST one matching the frame closest to the top. A second table gives inclusive shares
(any frame matches; they overlap).
"""
import argparse
import collections
import re
import subprocess
import sys

# each sample goes to the first of these categories with a matching frame anywhere in its stack...
CATEGORIES = [
    ("GEMM (OpenBLAS through ND4J)", r"\.gemm\(|\.mmuli?\(|Nd4jBlas|BaseLevel3"),
    ("JavaCPP native memory (allocate, physicalBytes, free)", r"org\.bytedeco\.javacpp\.Pointer"),
    ("FusedLstm element-wise Java passes", r"FusedLstmLayer\.(forwardStep|backwardStep)(Float)?\("),
    ("FusedLstm repeated-row search", r"FusedLstmLayer\.findRepeatedRows\("),
    ("FusedLstm other (copies, buffers, masks)", r"FusedLstmLayer\."),
    ("DL4J updater (Adam)", r"[Uu]pdater|Adam"),
    ("dense and output layers, loss", r"DenseLayer|OutputLayer|LossFunction|Loss[A-Z]|DirectRegressorStep\.linear"),
]
# ...else to the one of these whose pattern matches the frame nearest the top
NEAREST = [
    ("rnn4j training loop, batching and input arrays", r"org\.rnn4j\."),
    ("DL4J graph and other ND4J ops", r"org\.nd4j\.|org\.deeplearning4j\."),
]
# inclusive: share of samples with any frame matching (these overlap)
INCLUSIVE = [
    ("FusedLstm forward", r"FusedLstmLayer\.activate\("),
    ("FusedLstm backward", r"FusedLstmLayer\.backprop(Gradient|ParameterGradients)\("),
    ("DL4J updater (Adam)", r"BaseMultiLayerUpdater\.update\(|AdamUpdater\.applyUpdater\("),
    ("GEMM", r"\.gemm\(|\.mmuli?\("),
]


def samples(jfr, thread):
    out = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample,jdk.NativeMethodSample",
                          "--stack-depth", "200", jfr], capture_output=True, text=True, check=True).stdout
    for block in out.split("\njdk."):
        m = re.search(r'sampledThread = "([^"]*)"', block)
        if not m or (thread and m.group(1) != thread):
            continue
        frames = re.findall(r"^\s{4}(\S.*?)(?: line: \d+)?(?: bci: \d+)?$", block.split("stackTrace = [", 1)[-1],
                            re.M)
        frames = [f for f in frames if f not in ("]", "...", "}")]
        if frames:
            yield frames


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("jfr")
    ap.add_argument("--thread", default="main", help="thread name ('' = all threads; default main)")
    ap.add_argument("--top", type=int, default=12, help="how many top frames to list")
    args = ap.parse_args()
    stacks = list(samples(args.jfr, args.thread))
    if not stacks:
        sys.exit(f"no samples of thread '{args.thread}' in {args.jfr}")
    n = len(stacks)
    first = collections.Counter()
    inclusive = collections.Counter()
    top = collections.Counter()
    for frames in stacks:
        top[re.sub(r"\(.*", "", frames[0])] += 1
        category = next((name for name, pattern in CATEGORIES if any(re.search(pattern, f) for f in frames)), None)
        category = category or next((name for f in frames for name, pattern in NEAREST if re.search(pattern, f)),
                                    "other")
        first[category] += 1
        for name, pattern in INCLUSIVE:
            if any(re.search(pattern, f) for f in frames):
                inclusive[name] += 1
    print(f"{n} samples of thread '{args.thread or 'all'}' in {args.jfr}\n")
    print("| category (each sample counted once) | share |\n| --- | ---: |")
    for name, _ in CATEGORIES + NEAREST + [("other", None)]:
        print(f"| {name} | {100 * first[name] / n:.1f}% |")
    print("\n| inside (inclusive, overlapping) | share |\n| --- | ---: |")
    for name, _ in INCLUSIVE:
        print(f"| {name} | {100 * inclusive[name] / n:.1f}% |")
    print(f"\nTop {args.top} frames (self):\n")
    for frame, c in top.most_common(args.top):
        print(f"- {100 * c / n:.1f}% {frame}")


if __name__ == "__main__":
    main()
