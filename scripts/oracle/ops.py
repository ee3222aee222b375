"""The ops of the oracle: each op family's twin, ir/ops/<family>/oracle.py, loaded from its folder
(the family folder is the one place an op lives; docs/architecture.md, "Op families").

    from oracle import ops
    y = ops.dense(rows, fx, w, fw, b, fb, fy)

FAMILIES is the registration: a new family adds its folder name here.
"""
import importlib.util
import os

FAMILIES = ["dense", "elementwise", "movement", "normalization", "conv"]

_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _load(family):
    path = os.path.join(_ROOT, "ir", "ops", family, "oracle.py")
    spec = importlib.util.spec_from_file_location(f"aiem_oracle_{family}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


for _family in FAMILIES:
    _module = _load(_family)
    for _name in _module.__all__:
        globals()[_name] = getattr(_module, _name)
