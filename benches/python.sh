#!/usr/bin/env bash
# Throughput of the Python bindings and Spark local mode against `modcite batch`
# on the same records (see python/benches/throughput.py). Needs the venv
# .ci/run makes (target/pyenv) or MODCITE_PYTHON.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
exec "${MODCITE_PYTHON:-target/pyenv/bin/python}" python/benches/throughput.py "$@"
