"""Reference estimates for test/model/baselines/garch.test.ts, computed independently with numpy/scipy.

Run: python3 test/model/baselines/garch-reference.py
It simulates the same series as the test (an LCG both languages share, Box-Muller normals, GARCH(1,1)
with Student-t(5) innovations), fits GARCH(1,1)-t with zero mean by maximum likelihood (scipy L-BFGS-B
from several starts) on the returns in percent, and prints the estimates the test records.
"""
import math

import numpy as np
from scipy.optimize import minimize
from scipy.special import gammaln


class Lcg:
    def __init__(self, seed):
        self.x = seed

    def uniform(self):
        self.x = (1664525 * self.x + 1013904223) % 2**32
        return (self.x + 0.5) / 2**32

    def normal(self):
        u1, u2 = self.uniform(), self.uniform()
        return math.sqrt(-2 * math.log(u1)) * math.cos(2 * math.pi * u2)


def simulate(n=2000, seed=12345, omega=0.05, alpha=0.1, beta=0.85, nu=5):
    rng = Lcg(seed)
    var = omega / (1 - alpha - beta)
    out = []
    for _ in range(n):
        z = rng.normal()
        w = sum(rng.normal() ** 2 for _ in range(nu))
        eps = z / math.sqrt(w / nu) * math.sqrt((nu - 2) / nu)
        r = math.sqrt(var) * eps
        out.append(r / 100)  # decimal log returns, as the TypeScript test feeds them
        var = omega + alpha * r * r + beta * var
    return np.array(out)


def negloglik(params, r):
    omega, alpha, beta, nu = params
    if omega <= 0 or alpha < 0 or beta < 0 or alpha + beta >= 1 or nu <= 2:
        return 1e10
    n = len(r)
    var = np.empty(n)
    var[0] = np.mean(r * r)
    for t in range(1, n):
        var[t] = omega + alpha * r[t - 1] ** 2 + beta * var[t - 1]
    const = gammaln((nu + 1) / 2) - gammaln(nu / 2) - 0.5 * math.log(math.pi * (nu - 2))
    ll = const - 0.5 * np.log(var) - (nu + 1) / 2 * np.log1p(r * r / (var * (nu - 2)))
    return -np.sum(ll)


def main():
    r = simulate() * 100
    best = None
    for start in ([0.1, 0.05, 0.9, 8.0], [0.02, 0.1, 0.85, 5.0], [0.2, 0.15, 0.7, 10.0]):
        res = minimize(negloglik, start, args=(r,), method="L-BFGS-B",
                       bounds=[(1e-8, 10), (0, 0.999), (0, 0.999), (2.05, 200)])
        if best is None or res.fun < best.fun:
            best = res
    omega, alpha, beta, nu = best.x
    print(f"first returns (decimal): {simulate()[:3].tolist()}")
    print(f"omega (percent^2) = {omega:.6f}")
    print(f"alpha = {alpha:.6f}")
    print(f"beta = {beta:.6f}")
    print(f"nu = {nu:.6f}")
    print(f"log-likelihood (percent returns) = {-best.fun:.6f}")


if __name__ == "__main__":
    main()
