"""Binds the PyTorch forward pass to the TypeScript one (workers/model/: generator.ts, lite.ts, upsampler.ts).

Exports a package from the current PyTorch code, then runs the TypeScript parity test on it in
Node (tfjs cpu backend): max |Δ| <= 1e-3 on every reference state.
"""
import os
import subprocess

import pytest

from package_fixture import export_tiny

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VITEST = os.path.join(ROOT, "node_modules", ".bin", "vitest")


@pytest.mark.parametrize("precision,kind", [("float16", "style"), ("float32", "style"), ("float32", "lite"),
                                            ("float16", "lite+up"), ("float32", "style+up"), ("float32", "lite2")])
def test_typescript_forward_pass_matches_pytorch(tmp_path, precision, kind):
    assert os.path.exists(VITEST), "node_modules missing: run `npm ci` in the project root first"
    _, pkg = export_tiny(tmp_path, precision=precision, kind=kind)
    result = subprocess.run([VITEST, "run", "workers/model/parity.test.ts"], cwd=ROOT, capture_output=True,
                            text=True, env={**os.environ, "PARITY_PACKAGE": pkg}, timeout=300)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "3 passed" in result.stdout, result.stdout[-2000:]
