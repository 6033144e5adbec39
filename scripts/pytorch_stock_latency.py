#!/usr/bin/env python3
"""Single-window latency of the PyTorch reference's stock model, the counterpart of rnn4j's
SingleRequestBenchmark.regressorOneWindow: the book's network (2 x LSTM 16 over 5 days x 37 features, dense 16,
one output), built by the reference's own `Net` class (stock.py), predicting one window at a time under
torch.no_grad(), as a service answers requests. The weights are the untrained initial ones: the cost does not depend
on them. Prints one `RESULT {json}` line (p50 / p99 / p99.9 in ms and peak RSS) through the reference's `emit`.

  THREADS=1 python3 scripts/pytorch_stock_latency.py      # PYTORCH_DIR: the reference (../shared/reference/pytorch)
  environment: REQUESTS (default 5000, after 500 warm-up calls), CELL as the reference
"""
import os, sys, time

sys.path.insert(0, os.environ.get("PYTORCH_DIR", os.path.join(os.path.dirname(__file__), "../../shared/reference/pytorch")))
import torch  # noqa: E402
from common import setup_threads, emit  # noqa: E402
from stock import Net  # noqa: E402

DAYS, FEATURES = 5, 37


def main():
    threads = setup_threads()
    torch.manual_seed(0)
    model = Net(FEATURES).eval()
    windows = torch.randn(64, 1, DAYS, FEATURES)
    n = int(os.environ.get("REQUESTS", 5000))
    lat = []
    with torch.no_grad():
        for i in range(500 + n):
            t = time.perf_counter()
            model(windows[i % len(windows)])
            if i >= 500:
                lat.append(1000 * (time.perf_counter() - t))
    lat.sort()
    emit({"peer": "pytorch-" + torch.__version__, "task": "stock-latency", "threads": threads, "requests": n,
          "predict_ms_p50": round(lat[n // 2], 4), "predict_ms_p99": round(lat[int(n * 0.99)], 4),
          "predict_ms_p999": round(lat[int(n * 0.999)], 4)})


if __name__ == "__main__":
    main()
