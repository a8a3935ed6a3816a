#!/usr/bin/env bash
# GPU check of chapter 7's PyTorch path (issue 11): run it once on a machine with a CUDA GPU.
#
#   tools/gpu_check.sh              full check on CUDA (a few minutes at most; < 10 min)
#   tools/gpu_check.sh --dry-run    CPU, a tiny subset, tests only collected: seconds, anywhere
#   tools/gpu_check.sh --json r.json   also write the result (JSON) to r.json
#
# It uses the machine's own `python3` (override: PYTHON=/path/to/python) with torch >= 2.0,
# numpy and pytest; no Jupyter, ipykernel, nbclient or ipywidgets and no network are needed:
# the repository (with data/mnist, 11 MB) is put on PYTHONPATH, nothing is installed.
# Steps: (1) print Python/torch/CUDA versions and the GPU; (2) run tests/test_torch_mnist.py
# (on the GPU: the tests train on whatever pick_device() finds); (3) train chapter 7's
# network (784-512-256-10, dropout 0.2, 6 epochs, batch 128, one-cycle lr 4e-3, bf16
# autocast) through nnlib.torch_mnist, measuring the test accuracy after every epoch, and
# one CPU epoch for comparison. It prints the device, the time per epoch, the time to 98 %
# test accuracy and the final test accuracy, then one line `GPU_CHECK_RESULT {json}`.
# Exit status 0 = tests passed and final accuracy >= 98 %, 1 = a check failed, 2 = no GPU /
# no torch. Options: --epochs N, --batch-size B, --lr LR, --device cpu, --skip-tests,
# --no-cpu-epoch (tools/gpu_check.py --help).
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
export PYTHONDONTWRITEBYTECODE=1
exec "${PYTHON:-python3}" tools/gpu_check.py "$@"
