#!/usr/bin/env bash
# The GitHub Action's install step (action.yml): dotchain in a virtual environment of its own, on
# Linux, macOS and Windows runners alike. On Windows a venv keeps its programs in Scripts/, not bin/,
# and Python is `python` (`python3` there may be the Store's stand-in, which installs nothing). The
# program's path goes to the step's outputs, for the check step.
set -euo pipefail

python="${INPUT_PYTHON:-}"
if [[ -z "$python" ]]; then
    if [[ "${RUNNER_OS:-}" == "Windows" ]]; then python=python; else python=python3; fi
fi
venv="${RUNNER_TEMP:?}/dotchain-venv"
"$python" -m venv "$venv"
bin="$venv/bin"
if [[ ! -d "$bin" ]]; then
    bin="$venv/Scripts"
fi
"$bin/python" -m pip install --quiet "${GITHUB_ACTION_PATH:?}"
echo "program=$bin/dotchain" >> "${GITHUB_OUTPUT:?}"
