#!/usr/bin/env python3
"""Fits the rational approximation of tanh used by rnn4j's FusedLstm on float networks (layers/FloatTanh.java).

tanh(x) ~ x P(x^2) / Q(x^2) on [0, 9] (odd, so the fit covers negative x too), P of degree 4, Q of degree 4 with
Q(0) = 1: a linearised least-squares fit of the relative error (Loeb's iteration), then Lawson's reweighting
towards the minimax fit. Prints the coefficients and the largest relative error when the formula is evaluated in
float32 by Horner's rule, as the Java code evaluates it. Usage: python3 scripts/fit_tanh.py
"""
import numpy as np

CLAMP = 9.0  # float32 tanh(9) rounds to 1 within 2 ulp; beyond it the Java code clamps the argument
x = np.linspace(1e-4, CLAMP, 200001)
y = np.tanh(x)
u = x * x
NP, NQ = 4, 4


def solve(weights):
    # x P(u) - y (Q(u) - 1) = y, unknowns p_0..p_NP, q_1..q_NQ
    cols = [x * u**j for j in range(NP + 1)] + [-y * u**j for j in range(1, NQ + 1)]
    a = np.stack(cols, axis=1)
    c, *_ = np.linalg.lstsq(a * weights[:, None], y * weights, rcond=None)
    return c[:NP + 1], np.concatenate([[1.0], c[NP + 1:]])


p, q = solve(1 / y)
for _ in range(30):  # Loeb: divide by the previous denominator, so the residual is the relative error
    p, q = solve(1 / y / np.abs(np.polyval(q[::-1], u)))
lawson = np.ones_like(x)
for _ in range(60):
    p, q = solve(np.sqrt(lawson) / y / np.abs(np.polyval(q[::-1], u)))
    err = np.abs(x * np.polyval(p[::-1], u) / np.polyval(q[::-1], u) - y) / y
    lawson *= err
    lawson /= lawson.sum()

xf = x.astype(np.float32)
uf = xf * xf
pf = np.zeros_like(xf)
for c in p[::-1]:
    pf = pf * uf + np.float32(c)
qf = np.zeros_like(xf)
for c in q[::-1]:
    qf = qf * uf + np.float32(c)
approx = (xf * pf / qf).astype(np.float64)
exact = np.tanh(xf.astype(np.float64))
rel = np.abs(approx - exact) / exact
print("P:", ", ".join("%.17g" % c for c in p))
print("Q:", ", ".join("%.17g" % c for c in q))
print("max relative error in double %.3g, in float32 %.3g (%.1f ulp of 1) at x = %.4f; value at the clamp %.9g"
      % (err.max(), rel.max(), rel.max() / 2**-24, x[rel.argmax()], approx[-1]))
