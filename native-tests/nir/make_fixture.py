"""Writes src/test/resources/nir/nir-writer-784-8-784.nir with NIR's own writer (nir.write: gzip-compressed datasets,
variable-length UTF-8 strings, node groups in alphabetical order), as snnTorch's export_to_nir would lay out a
Linear-Leaky-Linear-Leaky network: dt = 1e-4 s, tau = dt / alpha, r = tau / dt, no metadata.

The weights follow a formula that NirFixtureTest recomputes, W[i, j] = ((7 i + 3 j + layer) % 17 - 8) / 64, exact in
float32 and few distinct values, so the file stays small (about 50 KB, nearly all HDF5 structure). Run from the
repository root (an argument writes elsewhere; NirInteropTest does that to compare a fresh file with this one):

    python3 native-tests/nir/make_fixture.py [OUT.nir]
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nirpath  # noqa: F401,E402
import nir  # noqa: E402
import numpy as np  # noqa: E402

DT = 1e-4
ALPHA = 0.25
THRESHOLD = 0.5
SIZES = [784, 8, 784]


def weight(layer, post, pre):
    i = np.arange(post)[:, None]
    j = np.arange(pre)[None, :]
    return (((7 * i + 3 * j + layer) % 17 - 8) / 64).astype(np.float32)


def lif(n):
    tau = np.full(n, DT / ALPHA, dtype=np.float32)
    return nir.LIF(tau=tau, r=(tau / DT).astype(np.float32), v_leak=np.zeros(n, dtype=np.float32),
                   v_threshold=np.full(n, THRESHOLD, dtype=np.float32), v_reset=np.zeros(n, dtype=np.float32))


def main():
    nodes = []
    for layer in range(1, len(SIZES)):
        nodes.append(nir.Linear(weight=weight(layer, SIZES[layer], SIZES[layer - 1])))
        nodes.append(lif(SIZES[layer]))
    graph = nir.NIRGraph.from_list(*nodes)
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join("src", "test", "resources", "nir",
                                                             "nir-writer-784-8-784.nir")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    nir.write(out, graph)
    back = nir.read(out)
    print(out, os.path.getsize(out), "bytes; nodes", sorted(back.nodes), "edges", back.edges)


if __name__ == "__main__":
    main()
