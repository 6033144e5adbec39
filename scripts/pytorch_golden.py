#!/usr/bin/env python3
"""Golden fixtures for rnn4j's fused recurrent layers, written by PyTorch.

For each cell (gru, rnn, lstm), 1 and 2 layers, uni- and bidirectional, float32 and float64: a small batch of
ragged, right-padded sequences run through torch.nn.GRU / RNN (tanh) / LSTM as a packed sequence, the output padded
with zeros (so the output at padded steps is 0, as rnn4j's layers give it under a mask), the scalar loss
sum(output * R) for a fixed random R, and the gradients of that loss with respect to every parameter and the input.
The Java tests (rnn-core GoldenTest) load the parameters into rnn4j layers and compare.

File format (plain text, one array a line): ``name d1,d2,... v1 v2 ...`` with values in C order; the first lines
are ``cell``, ``layers``, ``bidirectional``, ``dtype``, ``lengths``. Parameter names are PyTorch's
(weight_ih_l0, bias_hh_l1_reverse, ...); their gradients are prefixed ``grad.``.

Run with the reference environment (apt-get install -y python3-torch libopenblas0-pthread):
    /usr/bin/python3 scripts/pytorch_golden.py [out_dir]
"""
import os
import sys

import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

N, T, NIN, H = 4, 5, 4, 3
LENGTHS = [5, 3, 1, 4]


def fmt(values, dtype):
    if dtype == torch.float32:
        return " ".join("%.9g" % v for v in values)  # 9 significant digits: a float32 read back exactly
    return " ".join(repr(float(v)) for v in values)


def line(name, t, dtype):
    t = t.detach().contiguous()
    shape = ",".join(str(s) for s in t.shape)
    return f"{name} {shape} {fmt(t.reshape(-1).tolist(), dtype)}"


def case(cell, layers, bidirectional, dtype, seed):
    torch.manual_seed(seed)
    kinds = {"gru": torch.nn.GRU, "rnn": torch.nn.RNN, "lstm": torch.nn.LSTM}
    net = kinds[cell](NIN, H, num_layers=layers, bidirectional=bidirectional, batch_first=True).to(dtype)
    with torch.no_grad():
        for p in net.parameters():  # wider than the default init, so the gates are not all near 1/2
            p.uniform_(-0.8, 0.8)
    x = torch.randn(N, T, NIN, dtype=dtype)
    for e, n in enumerate(LENGTHS):
        x[e, n:] = 0
    x.requires_grad_(True)
    packed = pack_padded_sequence(x, torch.tensor(LENGTHS), batch_first=True, enforce_sorted=False)
    out, _ = net(packed)
    out, _ = pad_packed_sequence(out, batch_first=True, total_length=T)
    r = torch.randn(out.shape, dtype=dtype)
    loss = (out * r).sum()
    loss.backward()
    lines = [f"cell {cell}", f"layers {layers}", f"bidirectional {str(bidirectional).lower()}",
             f"dtype {'float' if dtype == torch.float32 else 'double'}",
             "lengths " + " ".join(str(n) for n in LENGTHS)]
    lines.append(line("input", x, dtype))
    for name, p in net.named_parameters():
        lines.append(line(name, p, dtype))
    lines.append(line("R", r, dtype))
    lines.append(line("output", out, dtype))
    lines.append(f"loss {repr(float(loss))}")
    lines.append(line("grad.input", x.grad, dtype))
    for name, p in net.named_parameters():
        lines.append(line("grad." + name, p.grad, dtype))
    return "\n".join(lines) + "\n"


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "rnn-core", "src", "test", "resources", "golden")
    os.makedirs(out_dir, exist_ok=True)
    torch.set_num_threads(1)
    seed = 17
    for cell in ("gru", "rnn", "lstm"):
        for layers in (1, 2):
            for bidirectional in (False, True):
                for dtype in (torch.float32, torch.float64):
                    seed += 1
                    name = f"{cell}-l{layers}-{'bi' if bidirectional else 'uni'}-" \
                           f"{'float' if dtype == torch.float32 else 'double'}.txt"
                    with open(os.path.join(out_dir, name), "w") as f:
                        f.write(case(cell, layers, bidirectional, dtype, seed))
    print(f"wrote fixtures to {out_dir} (torch {torch.__version__})")


if __name__ == "__main__":
    main()
