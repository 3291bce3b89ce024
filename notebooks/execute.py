"""Executes one notebook headless, papermill-style: used by scripts/test/notebooks.

    python notebooks/execute.py NOTEBOOK OUTPUT [NAME=VALUE ...]

Each NAME=VALUE becomes `NAME = 'VALUE'` (a string) in a cell tagged "injected-parameters",
put right after the cell tagged "parameters" (as papermill does, so the notebook's defaults
stay visible and are overridden). The notebook runs in its own folder, so the relative paths
in its parameters work as they do in Jupyter. The executed copy, outputs included, is written
to OUTPUT even when a cell fails; the exit status is then 1 and the error is printed.
"""

import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from traitlets.config import Config

TIMEOUT = 600  # seconds per cell


def inject(nb, params):
    nb.cells = [c for c in nb.cells if "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
    if not params:
        return
    at = next((i + 1 for i, c in enumerate(nb.cells) if "parameters" in c.get("metadata", {}).get("tags", [])), 0)
    source = "# Parameters injected by scripts/test/notebooks\n" + "".join(f"{k} = {v!r}\n" for k, v in params.items())
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]})
    cell["id"] = "injected-parameters"
    nb.cells.insert(at, cell)


def main(argv):
    if len(argv) < 2 or any("=" not in a for a in argv[2:]):
        sys.exit(__doc__)
    src, dst = Path(argv[0]), Path(argv[1])
    params = dict(a.split("=", 1) for a in argv[2:])
    nb = nbformat.read(src, as_version=4)
    inject(nb, params)
    kernel = nb.metadata.get("kernelspec", {}).get("name", "python3")
    started = time.monotonic()
    failed = None
    with tempfile.TemporaryDirectory(prefix="run-notebooks-") as tmp:
        # Local sockets in a private folder rather than TCP ports on localhost.
        config = Config()
        config.KernelManager.transport = "ipc"
        config.KernelManager.ip = str(Path(tmp) / "kernel")
        client = NotebookClient(nb, config=config, timeout=TIMEOUT, kernel_name=kernel,
                                resources={"metadata": {"path": str(src.resolve().parent)}})
        try:
            client.execute()
        except Exception as e:  # CellExecutionError; or the kernel died, did not start, timed out
            failed = e
        finally:
            dst.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, dst)
    took = time.monotonic() - started
    if failed is not None:
        print(f"{src}: FAILED after {took:.1f}s (executed copy: {dst})\n{failed}", file=sys.stderr)
        return 1
    print(f"{src}: ok in {took:.1f}s -> {dst}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
