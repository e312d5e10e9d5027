# Reference values for test/model/calibration/platt.test.ts: Platt scaling = logistic regression of the outcome on
# logit(p), fitted by scipy (BFGS on the negative log-likelihood). Run: python3 test/model/calibration/platt-reference.py
import numpy as np
from scipy.optimize import minimize

n = 300
i = np.arange(n)
p = 0.25 + 0.5 * ((i * 37) % 101) / 100
y = (((i * 53) % 97) / 97 < (0.2 + 0.6 * p)).astype(float)
x = np.log(p / (1 - p))


def nll(t):
    z = t[0] + t[1] * x
    return np.sum(np.logaddexp(0, z) - y * z)


r = minimize(nll, [0, 0], method="BFGS", options={"gtol": 1e-12})
print(repr(r.x), r.fun)  # array([-0.05387559,  0.62616767]) 202.43274820117966
