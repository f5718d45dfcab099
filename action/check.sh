#!/usr/bin/env bash
# The GitHub Action's check step (action.yml). Inputs arrive as INPUT_* environment variables and are
# never pasted into code, so no input can inject a command.
set -uo pipefail

dotchain="${DOTCHAIN:-dotchain}"
# Empty paths mean the input's default, never "." (every YAML file of the repository, workflows too).
read -r -a paths <<< "${INPUT_PATHS:-org/}"
if [[ ${#paths[@]} -eq 0 ]]; then
    paths=(org/)
fi
options=()
if [[ "${INPUT_STRICT:-false}" == "true" ]]; then
    options+=(--strict)
fi

if [[ -n "${INPUT_SARIF:-}" ]]; then
    # The SARIF report is for upload to code scanning; the run below decides the step's outcome.
    "$dotchain" check "${paths[@]}" "${options[@]}" --format sarif --output "$INPUT_SARIF" || true
fi
"$dotchain" check "${paths[@]}" "${options[@]}" --format "${INPUT_FORMAT:-github}"
