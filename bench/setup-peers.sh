#!/usr/bin/env bash
# Creates the Python environment of the peers the benchmarks compare against (TensorFlow/Keras,
# Pillow, onnxruntime), outside the repository: ${PEERS_VENV:-../peers-venv} beside it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv=${PEERS_VENV:-$(dirname "$root")/peers-venv}
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q tensorflow-cpu pillow onnxruntime tf2onnx
echo "$venv"
