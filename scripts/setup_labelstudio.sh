#!/usr/bin/env bash
# Sets up a real Label Studio for correcting our annotations, and what
# tests/test_labelstudio_server.py needs, on Debian (12, bookworm) as root:
#
#   * Debian's chromium and chromium-driver (the test drives the labelling UI headless);
#   * label-studio (PyPI, pinned) in its OWN virtualenv, .venv-labelstudio: it pins
#     many packages (Django, pydantic, ...) that would clash with ours in .venv;
#   * selenium in our .venv when that exists (it is in the `test` extra too).
#
# Each step is skipped when already done, so running it again is quick.
# Measured on a 2-core machine: apt about 30 s, label-studio about 75 s.
#
# Usage: bash scripts/setup_labelstudio.sh
# Then:  .venv-labelstudio/bin/label-studio start   (README: "Correcting in Label Studio")
set -euo pipefail
cd "$(dirname "$0")/.."

LABEL_STUDIO_VERSION="${LABEL_STUDIO_VERSION:-1.23.2}"
PYTHON="${PYTHON:-python3}"

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    if [ "$(id -u)" != 0 ]; then
        echo "setup_labelstudio: chromium/chromedriver missing; run as root to apt-get install them" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q chromium chromium-driver
fi
chromium --version 2>/dev/null
chromedriver --version

installed() {
    .venv-labelstudio/bin/python - "$LABEL_STUDIO_VERSION" 2>/dev/null <<'EOF'
import sys
from importlib.metadata import version
sys.exit(version("label-studio") != sys.argv[1])
EOF
}
if [ ! -x .venv-labelstudio/bin/label-studio ] || ! installed; then
    "$PYTHON" -m venv .venv-labelstudio
    .venv-labelstudio/bin/pip install -q --disable-pip-version-check "label-studio==$LABEL_STUDIO_VERSION"
fi
echo "label-studio $LABEL_STUDIO_VERSION in .venv-labelstudio"

if [ -x .venv/bin/python ] && ! .venv/bin/python -c "import selenium" 2>/dev/null; then
    .venv/bin/pip install -q --disable-pip-version-check "selenium>=4.20"
fi
