# shellcheck shell=bash
# Sourced by scripts/bench for `scripts/bench --spark`: data-parallel training's costs on this machine and the
# cost model's projection for a cluster (issue #15). Runs scripts/rnn (which builds the Spark part on first use).
#   1. per model size (GRU [56], [180], [576], [1825] on sample-data/sunspots.csv: 1e4, 1e5, 1e6, 1e7 parameters),
#      two workers in local[2] synchronising after every step (--sync-every 1): the median over the rounds (the
#      first two left out: data loading, JIT) of a round's exchange (job time - the slowest worker's compute) and
#      of a step's compute, from the run's debug lines;
#   2. the projection for a 10 GbE network: exchange = L + 2 * c(W) * S / BW per round, S = 24 bytes per parameter
#      (float64 value and Adam's two moments), BW = 1.25e9 B/s, L = the measured exchange of the 1e4 model (a
#      Spark job's fixed cost), c(W) = W (the state is gathered at and broadcast from the driver); efficiency =
#      K * step / (K * step + exchange) at K = 1 and the K that --sync-every 0 would choose (exchange <= 10 %);
#   3. wall time and best validation loss of `rnn train` with and without --spark local[*] (the issue's targets:
#      within 15 % of the wall time, within 5 % of the loss): the bundled sample-data/sunspots.csv (20 epochs, a
#      job of a few seconds, where Spark's start dominates) and a 50,000-row, 4-column series (bench-data
#      generate, seed 1; 20 epochs, about half a minute alone), one run each, alternating.
# Needs -Xmx for the 1e7 model: RNN_JAVA_OPTS=-Xmx8g is set unless given.

bench_spark() {
  local rnn="$rnn_root/scripts/rnn" data="$rnn_root/sample-data/sunspots.csv" scratch
  scratch="$(mktemp -d "${TMPDIR:-/tmp}/rnn-bench-spark.XXXXXX")"
  export RNN_JAVA_OPTS="${RNN_JAVA_OPTS:--Xmx8g}"
  echo "| parameters | state MB | exchange ms (local[2]) | step ms | K=1 eff. local | W=2 | W=8 | W=32 | K for 90 % at W=8 |"
  echo "|---|---|---|---|---|---|---|---|---|"
  local latency="" hidden
  for hidden in 56 180 576 1825; do
    "$rnn" train --spark 'local[2]' --workers 2 --sync-every 1 --epochs 2 --hidden "$hidden" --no-progress \
      --plot none --log-level debug --out "$scratch/h$hidden" "$data" >"$scratch/h$hidden.log" 2>&1 || {
      cat "$scratch/h$hidden.log" >&2; echo "bench: the run of --hidden $hidden failed" >&2; return 1; }
    local params
    params="$(sed -n 's/.*model: \([0-9]*\) parameters.*/\1/p' "$scratch/h$hidden.log" | head -1)"
    awk -v p="$params" -v lat="$latency" '
      /round [0-9]+: / { n++; if (n <= 2) next
        for (i = 1; i <= NF; i++) { if ($i == "computing") c[++m] = $(i + 1); if ($i == "exchange") e[m] = $(i + 1) } }
      function median(a, k,   i, j, t) { for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
        return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2 }
      END { ex = median(e, m); st = median(c, m); if (lat == "") lat = ex; s = 24 * p
        split("2 8 32", ws, " "); line = sprintf("| %d | %.1f | %.0f | %.0f | %.0f %% ", p, s / 1e6, ex, st, 100 * st / (st + ex))
        for (i = 1; i <= 3; i++) { sync = lat + 2 * ws[i] * s / 1.25e9 * 1000; line = line sprintf("| %.0f %% ", 100 * st / (st + sync)) }
        sync8 = lat + 2 * 8 * s / 1.25e9 * 1000; k = int(9 * sync8 / st) + 1
        print line sprintf("| %d |", k); print lat > "/dev/stderr" }' "$scratch/h$hidden.log" 2>"$scratch/lat"
    [ -n "$latency" ] || latency="$(cat "$scratch/lat")"
  done
  echo
  echo "(W = workers on 10 GbE, --sync-every 1; the exchange there: L = ${latency} ms + 2 W S / 1.25 GB/s)"
  "$rnn" bench-data generate "$scratch/ar50k.csv" 50000 4 1 >/dev/null
  echo
  echo "| job | alone s | --spark local[*] s | wall ratio | best val loss alone | with Spark | loss ratio |"
  echo "|---|---|---|---|---|---|---|"
  bench_spark_pair "sunspots.csv, 20 epochs" "$data" "$scratch"
  bench_spark_pair "50,000 rows x 4 columns, 20 epochs" "$scratch/ar50k.csv" "$scratch"
  rm -rf "$scratch"
}

# One row of the wall-time table: `rnn train --epochs 20 DATA` alone, then with --spark local[*].
bench_spark_pair() {
  local label="$1" data="$2" scratch="$3" start end plain spark lp ls
  rm -rf "$scratch/plain" "$scratch/spark"
  start=$(date +%s.%N)
  "$rnn_root/scripts/rnn" train --epochs 20 --no-progress --out "$scratch/plain" "$data" >/dev/null 2>&1
  end=$(date +%s.%N); plain=$(echo "$end - $start" | bc)
  start=$(date +%s.%N)
  "$rnn_root/scripts/rnn" train --spark 'local[*]' --epochs 20 --no-progress --out "$scratch/spark" "$data" \
    >/dev/null 2>&1
  end=$(date +%s.%N); spark=$(echo "$end - $start" | bc)
  lp="$(sed -n 's/.*"best_loss" *: *\([-0-9.eE]*\).*/\1/p' "$scratch/plain/summary.json")"
  ls="$(sed -n 's/.*"best_loss" *: *\([-0-9.eE]*\).*/\1/p' "$scratch/spark/summary.json")"
  printf '| %s | %.2f | %.2f | %.2f | %s | %s | %.3f |\n' "$label" "$plain" "$spark" "$(echo "$spark / $plain" | bc -l)" \
    "$lp" "$ls" "$(echo "$ls / $lp" | bc -l)"
}
