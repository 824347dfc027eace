"""Makes the NIR reference implementation importable: an installed `nir` package if there is one, else the copy in
vendor/ (neuromorphs/NIR at commit 7232ada, BSD-3-Clause, see vendor/LICENSE), so the scripts run where NIR is not on
PyPI's reach (CI installs only Debian's python3-numpy and python3-h5py)."""
import os
import sys

sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree

try:
    import nir  # noqa: F401
except ImportError:
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "vendor"))
    import nir  # noqa: F401

# nir/__init__.py takes its version from the installed package's metadata; a source copy has none, and nir.write
# needs it for /version.
if not hasattr(nir, "version"):
    nir.version = "1.0.7"
