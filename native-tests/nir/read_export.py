"""Reads a file written by `spikecoder export-nir` with NIR's own reader (nir.read, type checking on) and compares it
with the network spikecoder wrote as .npy: the same chain, the same weights bit for bit, and LIF parameters that
snnTorch's importer (dt = 1e-4 s) reads back as Leaky(beta = 1 - leak). Exit 0 and one line "OK ..." when all
agree, else exit 1 naming the first difference.

    python3 native-tests/nir/read_export.py FILE.nir --leak 0.1 --threshold 1 layer1.npy layer2.npy
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nirpath  # noqa: F401,E402
import nir  # noqa: E402
import numpy as np  # noqa: E402


def fail(why):
    print("FAIL " + why)
    sys.exit(1)


def chain(graph):
    """Node names from the Input to the Output, following the edges."""
    nxt = {}
    for a, b in graph.edges:
        if a in nxt:
            fail(f"node {a} has two outgoing edges")
        nxt[a] = b
    inputs = [k for k, n in graph.nodes.items() if isinstance(n, nir.Input)]
    if len(inputs) != 1:
        fail(f"expected one Input node, found {inputs}")
    path = [inputs[0]]
    while path[-1] in nxt:
        path.append(nxt[path[-1]])
        if len(path) > len(graph.nodes):
            fail("the edges form a cycle")
    return path


def main():
    p = argparse.ArgumentParser()
    p.add_argument("nir_file")
    p.add_argument("npy", nargs="+")
    p.add_argument("--leak", type=float, required=True)
    p.add_argument("--threshold", type=float, required=True)
    a = p.parse_args()

    graph = nir.read(a.nir_file)
    path = chain(graph)
    nodes = [graph.nodes[k] for k in path]
    want = ["Input"] + ["Linear", "IF" if a.leak == 0 else "LIF"] * len(a.npy) + ["Output"]
    got = [type(n).__name__ for n in nodes]
    if got != want:
        fail(f"chain {got}, expected {want}")
    dt = float(graph.metadata["dt"])
    for layer, npy in enumerate(a.npy):
        w = np.load(npy)
        linear, neuron = nodes[1 + 2 * layer], nodes[2 + 2 * layer]
        if linear.weight.dtype != np.float32 or not np.array_equal(linear.weight, w):
            fail(f"layer {layer + 1}: weight {linear.weight.dtype}{linear.weight.shape} differs from {npy}")
        if not np.all(neuron.v_threshold == np.float32(a.threshold)):
            fail(f"layer {layer + 1}: v_threshold {np.unique(neuron.v_threshold)} is not {a.threshold}")
        if not np.all(neuron.v_reset == 0):
            fail(f"layer {layer + 1}: v_reset is not 0")
        if a.leak == 0:
            if not np.all(neuron.r == 1):
                fail(f"layer {layer + 1}: IF r is not 1")
            continue
        if not np.all(neuron.v_leak == 0):
            fail(f"layer {layer + 1}: v_leak is not 0")
        beta = 1 - dt / neuron.tau  # snnTorch's import_nir.py
        if not np.allclose(beta, 1 - a.leak, rtol=0, atol=1e-7):
            fail(f"layer {layer + 1}: beta 1 - dt/tau = {np.unique(beta)}, expected {1 - a.leak}")
        if not np.allclose(neuron.r * dt / neuron.tau, 1.0):
            fail(f"layer {layer + 1}: input gain r dt / tau = {np.unique(neuron.r * dt / neuron.tau)}, expected 1")
    print(f"OK {a.nir_file}: NIR {nir.serialization.read_version(a.nir_file)}, chain {' -> '.join(got)}, "
          f"{len(a.npy)} weight layers identical, dt {dt}")


if __name__ == "__main__":
    main()
