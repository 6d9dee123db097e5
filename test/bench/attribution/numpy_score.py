"""Factorised TracIn-CP score pass in numpy, for comparison with the ONNX graph.

Same computation as src/attribution/createScorer.ts: rows of H and Delta pre-normalised (eta folded
into Delta), per checkpoint (H @ q_h.T) * (D @ q_d.T), summed over checkpoints, top-k per inference.
Usage: python3 numpy_score.py N BATCH K REPS TOPK  -> prints one JSON line.
"""
import json
import sys
import time

import numpy as np

n, batch, K, reps, topk = (int(a) for a in sys.argv[1:6])
W, C = 257, 2
rng = np.random.default_rng(1)
H = []
D = []
for k in range(K):
    h = np.tanh(rng.standard_normal((n, W), dtype=np.float32))
    h[:, -1] = 1
    h /= np.linalg.norm(h, axis=1, keepdims=True)
    a = rng.uniform(-1, 1, n).astype(np.float32)
    d = np.stack([a, -a], axis=1)
    d *= np.float32(0.05 * 0.7**k) / np.linalg.norm(d, axis=1, keepdims=True)
    H.append(np.ascontiguousarray(h))
    D.append(np.ascontiguousarray(d))
qh = [rng.standard_normal((batch, W), dtype=np.float32) for _ in range(K)]
qd = [rng.standard_normal((batch, C), dtype=np.float32) for _ in range(K)]
for k in range(K):
    qh[k] /= np.linalg.norm(qh[k], axis=1, keepdims=True)
    qd[k] /= np.linalg.norm(qd[k], axis=1, keepdims=True)


def score():
    s = (H[0] @ qh[0].T) * (D[0] @ qd[0].T)
    for k in range(1, K):
        s += (H[k] @ qh[k].T) * (D[k] @ qd[k].T)
    s = np.maximum(s, 0)
    top = np.argpartition(-s, topk, axis=0)[:topk]
    return top


score()
times = []
for _ in range(reps):
    t = time.perf_counter()
    score()
    times.append(time.perf_counter() - t)
print(json.dumps({"n": n, "batch": batch, "K": K, "medianMs": float(np.median(times) * 1000), "numpy": np.__version__}))
