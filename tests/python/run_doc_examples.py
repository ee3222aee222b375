"""Runs the Python blocks of a Markdown walk-through (docs/python.md) in order, in one namespace, in
a temporary directory, as a user pasting them would.

```python            runs always
```python torch      runs when PyTorch is installed; otherwise the committed file it writes
                     (tests/fixtures/python/<name>) stands in for it; when it runs, the
                     file it writes must import to the same model as the committed one
Any exception fails the run with the Markdown file's line in its traceback.
"""
import os
import pathlib
import shutil
import sys
import tempfile

md = pathlib.Path(sys.argv[1]).resolve()
src = pathlib.Path(os.environ.get("AIEM_SOURCE_DIR", md.parents[1]))
blocks, lines, block, start, kind = [], md.read_text().split("\n"), None, 0, None
for n, line in enumerate(lines, 1):
    if block is None and line.startswith("```python"):
        block, start, kind = [], n + 1, line[len("```python"):].strip()
    elif block is not None and line.startswith("```"):
        blocks.append((start, kind, "\n".join(block)))
        block = None
    elif block is not None:
        block.append(line)
if not blocks:
    sys.exit(f"{md}: no ```python blocks")

try:
    import torch  # noqa: F401
    have_torch = True
except ImportError:
    have_torch = False

work = pathlib.Path(tempfile.mkdtemp(prefix="aiem-doc-"))
try:
    for f in (src / "tests" / "fixtures" / "python").iterdir():
        shutil.copy(f, work / f.name)
    os.chdir(work)
    ns = {"__name__": "__main__"}
    for start, kind, code in blocks:
        if kind == "torch" and not have_torch:
            print(f"{md.name}:{start}: skipped (no PyTorch here; the committed fixture stands in)")
            continue
        print(f"{md.name}:{start}: running")
        # Line numbers in tracebacks are the Markdown file's.
        exec(compile("\n" * (start - 1) + code, str(md), "exec"), ns)
        if kind == "torch":
            # The committed stand-in must still be what the block makes: the same model once imported.
            import aiem
            for f in (src / "tests" / "fixtures" / "python").glob("*.onnx"):
                if aiem.import_onnx(work / f.name).ir != aiem.import_onnx(f).ir:
                    sys.exit(f"{md.name}:{start}: the block's {f.name} differs from tests/fixtures/python/{f.name}; "
                             "copy the new one there")
    print(f"{md.name}: {len(blocks)} blocks, all ran")
finally:
    os.chdir("/")
    shutil.rmtree(work)
