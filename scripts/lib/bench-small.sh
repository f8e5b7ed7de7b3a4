# shellcheck shell=bash
# Sourced by scripts/bench for `scripts/bench --small`: whole-process wall times of small jobs, rnn against the same
# job written in PyTorch (../shared/bench/torch_small_job.py), alternating the two (rnn, torch, rnn, torch, ...) and
# printing medians as a Markdown table. Needs java.sh sourced first (rnn_root, rnn_build_if_needed, ...).

bench_small_usage() {
  cat <<'EOF'
usage: scripts/bench --small [--runs N] [--no-wait] [--python PY] [--torch-script FILE]

Times whole processes, from launch to exit, of small jobs run as a user runs them, alternately rnn and PyTorch:
  1. the README example:   scripts/rnn train --cell gru sample-data/sunspots.csv         (20 epochs, 309 rows)
     against              python3 torch_small_job.py sample-data/sunspots.csv sunactivity
  2. a 100-epoch run of a 144-row monthly series (sample-data/elec-equip.csv):
                           scripts/rnn train --cell gru --epochs 100 sample-data/elec-equip.csv
     against              python3 torch_small_job.py sample-data/elec-equip.csv turnover --epochs 100
  3. scripts/rnn eval and scripts/rnn predict of job 1's model on sample-data/sunspots.csv (rnn only).
Every rnn run writes into a temporary --out (removed at the end); the jar and its start-up archive
(target/rnn.jsa) are built first and one untimed run of each command warms the file cache. Prints the median
of N runs (default 5) of each, the ratio torch / rnn (above 1: rnn is faster), and the range.

  --runs N             timed runs of each command (default 5)
  --no-wait            start at once (default: wait up to 5 minutes for an idle machine, with cpu_guard.py)
  --python PY          the interpreter with torch (default /usr/bin/python3)
  --torch-script FILE  default ../shared/bench/torch_small_job.py next to the repository
EOF
}

# The median of the numbers given as arguments.
bench_small_median() {
  printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

# Runs a command with its output discarded; prints its wall time in seconds. A failed command ends the benchmark
# with its output shown.
bench_small_time() {
  local log="$bench_small_dir/last.log" start end
  start=$(date +%s%N)
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    echo "bench: this command failed (exit code above): $*" >&2
    exit 1
  fi
  end=$(date +%s%N)
  awk -v s="$start" -v e="$end" 'BEGIN {printf "%.3f\n", (e - s) / 1e9}'
}

bench_small() {
  local runs=5 wait=1 python=/usr/bin/python3 torch_script
  torch_script="$(cd "$rnn_root/.." && pwd)/shared/bench/torch_small_job.py"
  while [ $# -gt 0 ]; do
    case "$1" in
      --runs) runs="${2:-}"; shift 2 ;;
      --no-wait) wait=0; shift ;;
      --python) python="${2:-}"; shift 2 ;;
      --torch-script) torch_script="${2:-}"; shift 2 ;;
      -h|--help) bench_small_usage; return 0 ;;
      *) echo "bench: --small: unknown option '$1'; see scripts/bench --small --help" >&2; exit 2 ;;
    esac
  done
  case "$runs" in
    ''|*[!0-9]*|0) echo "bench: --runs: expected a positive whole number, got '$runs'" >&2; exit 2 ;;
  esac
  local torch=1
  if [ ! -f "$torch_script" ]; then
    echo "bench: $torch_script not found (--torch-script FILE): timing rnn only" >&2
    torch=0
  elif ! "$python" -c 'import torch' >/dev/null 2>&1; then
    echo "bench: $python cannot import torch (apt-get install python3-torch, or --python PY): timing rnn only" >&2
    torch=0
  fi

  rnn_build_if_needed
  rnn_prepare_archive
  bench_small_dir="$(mktemp -d "${TMPDIR:-/tmp}/rnn-bench-small.XXXXXX")"
  trap 'rm -rf "$bench_small_dir"' EXIT
  local rnn="$rnn_root/scripts/rnn" spots="$rnn_root/sample-data/sunspots.csv" monthly="$rnn_root/sample-data/elec-equip.csv"
  local d="$bench_small_dir"

  if [ "$wait" = 1 ] && [ -f "$(dirname "$torch_script")/cpu_guard.py" ]; then
    echo "bench: waiting for an idle machine (at most 5 minutes; --no-wait skips)..." >&2
    "$python" "$(dirname "$torch_script")/cpu_guard.py" wait --idle 0.85 --windows 2 --max-wait 300 >/dev/null 2>&1 \
      || echo "bench: the machine did not become idle; timing anyway (figures may be high)" >&2
  fi
  local load0
  load0=$(cut -d' ' -f1 /proc/loadavg)

  # the jobs: name, rnn command, torch command ('' = rnn only)
  local names=("README example: gru [64], 309-row yearly series, 20 epochs"
               "gru [64], 144-row monthly series, 100 epochs"
               "rnn eval of the README example's model (309 rows)"
               "rnn predict of the README example's model (309 rows)")
  local rnn_cmds=("$rnn train --cell gru --out $d/readme --overwrite $spots"
                  "$rnn train --cell gru --epochs 100 --out $d/monthly --overwrite $monthly"
                  "$rnn eval --model $d/readme $spots"
                  "$rnn predict --model $d/readme $spots -o $d/predictions.csv")
  local torch_cmds=("$python $torch_script $spots sunactivity --out $d/torch-readme"
                    "$python $torch_script $monthly turnover --epochs 100 --out $d/torch-monthly"
                    "" "")
  echo "bench: one untimed run of each command, then $runs timed runs each, rnn and torch alternately..." >&2
  local j i
  for j in "${!names[@]}"; do
    # shellcheck disable=SC2086
    bench_small_time ${rnn_cmds[$j]} >/dev/null
    # shellcheck disable=SC2086
    [ "$torch" = 1 ] && [ -n "${torch_cmds[$j]}" ] && bench_small_time ${torch_cmds[$j]} >/dev/null
  done
  local -a rnn_times torch_times
  for j in "${!names[@]}"; do
    rnn_times[$j]=""
    torch_times[$j]=""
  done
  for ((i = 1; i <= runs; i++)); do
    for j in "${!names[@]}"; do
      # shellcheck disable=SC2086
      rnn_times[$j]+=" $(bench_small_time ${rnn_cmds[$j]})"
      if [ "$torch" = 1 ] && [ -n "${torch_cmds[$j]}" ]; then
        # shellcheck disable=SC2086
        torch_times[$j]+=" $(bench_small_time ${torch_cmds[$j]})"
      fi
    done
  done

  local java_version torch_version
  java_version=$(java -version 2>&1 | head -1)
  torch_version=$([ "$torch" = 1 ] && "$python" -c 'import torch; print(torch.__version__)' 2>/dev/null || echo "-")
  echo "scripts/bench --small, $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')); $java_version; PyTorch $torch_version"
  echo "Whole-process wall time (launch to exit), median of $runs alternating runs; ratio = torch / rnn (above 1: rnn is faster); load average $load0 before, $(cut -d' ' -f1 /proc/loadavg) after."
  echo
  echo "| job | rnn s | torch s | ratio | rnn range s | torch range s |"
  echo "|---|---|---|---|---|---|"
  for j in "${!names[@]}"; do
    # shellcheck disable=SC2086
    local rm rr tm="-" tr="-" ratio="-"
    # shellcheck disable=SC2086
    rm=$(bench_small_median ${rnn_times[$j]})
    # shellcheck disable=SC2086
    rr=$(printf '%s\n' ${rnn_times[$j]} | sort -g | sed -n '1p;$p' | paste -sd- -)
    if [ -n "${torch_times[$j]}" ]; then
      # shellcheck disable=SC2086
      tm=$(bench_small_median ${torch_times[$j]})
      # shellcheck disable=SC2086
      tr=$(printf '%s\n' ${torch_times[$j]} | sort -g | sed -n '1p;$p' | paste -sd- -)
      ratio=$(awk -v t="$tm" -v r="$rm" 'BEGIN {printf "%.2f", t / r}')
    fi
    printf '| %s | %.2f | %s | %s | %s | %s |\n' "${names[$j]}" "$rm" \
      "$([ "$tm" = - ] && echo - || printf '%.2f' "$tm")" "$ratio" "$rr" "$tr"
  done
}
