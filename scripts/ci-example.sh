#!/usr/bin/env bash
# An example CI job: train on the bundled sunspot data and fail the build when the model is not good enough.
# Copy it into your pipeline and change the data, the options and the threshold.
#   MAX_LOSS   the largest acceptable best validation loss (normalised MSE; default 0.5 — the naive
#              "next year = this year" forecast scores 0.85 on the same validation windows)
#   OUT        where the run directory goes (default: a temporary directory, removed afterwards)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
max_loss="${MAX_LOSS:-0.5}"
out="${OUT:-}"
if [ -z "$out" ]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  out="$tmp/run"
fi

# --json: the summary is the only thing on stdout; --quiet: only errors on stderr. A non-zero exit
# (bad data 3, bad flags 2, divergence 1, ...) fails the job by itself through set -e.
summary="$("$root/scripts/rnn" train --cell gru --epochs 20 --seed 42 --quiet --json --out "$out" \
  "$root/sample-data/sunspots.csv")"

best="$(printf '%s\n' "$summary" | sed -n 's/^ *"best_loss" *: *\([-0-9.eE+]*\).*/\1/p')"
if awk -v b="$best" -v max="$max_loss" 'BEGIN { exit !(b != "" && b + 0 <= max + 0) }'; then
  echo "ci-example: best validation loss $best <= $max_loss: pass"
else
  echo "ci-example: best validation loss ${best:-missing} > $max_loss: FAIL" >&2
  exit 1
fi
