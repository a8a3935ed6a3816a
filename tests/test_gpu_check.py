"""tools/gpu_check.sh --dry-run: the GPU check script runs end to end on a CPU in seconds."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("torch")

REPO = Path(__file__).resolve().parent.parent


def test_gpu_check_dry_run(tmp_path):
    result_file = tmp_path / "result.json"
    done = subprocess.run(
        ["bash", "tools/gpu_check.sh", "--dry-run", "--json", str(result_file)],
        cwd=REPO,
        env=os.environ | {"PYTHON": sys.executable},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    out = done.stdout
    for needed in ("device:", "time per epoch:", "time to 98 % test acc.:", "final test accuracy:"):
        assert needed in out, needed
    printed = json.loads(out.split("GPU_CHECK_RESULT ", 1)[1].splitlines()[0])
    assert printed == json.loads(result_file.read_text())
    assert printed["mode"] == "dry-run" and printed["environment"]["device"].startswith("cpu")
    assert printed["tests"]["ok"] and printed["tests"]["collected_only"]
    training = printed["training"]
    assert training["epochs"] == 2 and len(training["test_accuracy_per_epoch"]) == 2
    assert 0.5 < training["final_test_accuracy"] <= 1  # 1 000 images, 2 epochs: far from 98 %
    assert training["seconds_to_98"] is None or training["seconds_to_98"] > 0


def test_gpu_check_without_a_gpu_says_so():
    torch = pytest.importorskip("torch")
    if torch.cuda.is_available():
        pytest.skip("a CUDA GPU is present")
    done = subprocess.run(
        [sys.executable, "tools/gpu_check.py", "--skip-tests"],
        cwd=REPO,
        env=os.environ | {"PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "no CUDA GPU" in done.stdout
