# shellcheck shell=bash
# Sourced by scripts/rnn and scripts/bench: the JVM flags of target/rnn.jar (defined once, here), building the jar
# when a source is newer, and running java without the JVM's incubator-module note on stderr.

rnn_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rnn_jar="$rnn_root/target/rnn.jar"
# A class-data-sharing archive of the classes train, eval and predict load (the JDK's, picocli, log4j, Jackson, the
# data reader, the model and its kernels, the checkpoint reader and writer, the plot: ~4900 classes), made from the
# jar by rnn_prepare_archive; it saves about a third of a small job's start-up. A missing or stale archive is ignored.
rnn_jsa="$rnn_root/target/rnn.jsa"

# JVM flags the code needs:
#  -XX:+UseSerialGC                    a small, quiet heap for a CLI;
#  --add-modules jdk.incubator.vector  the register-blocked multiply kernels and the vectorised gate math
#                                      (rnn.nn.Compute; without the module rnn runs plain-Java kernels, 3-10x slower);
#  -XX:-UsePerfData                    no hsperfdata file in /tmp, a few ms less at startup;
#  -XX:CompileThresholdScaling=3       the JIT compiles a method after 3x the usual calls: a small job's start-up code
#                                      (option parsing, logging and JSON set-up, the checkpoint, the CSV reader) is
#                                      warm for a moment only, and compiling it with the optimising compiler cost more
#                                      CPU than it saved (measured, CPU seconds, median of 5-6: README example 4.2 ->
#                                      3.6, 100-epoch monthly 5.0 -> 4.3, `rnn eval` 1.0 -> 0.8);
#  CompileThresholdScaling 1/30 for the vector kernels and gate math (rnn.nn.Vector*) and their plain-Java
#                                      equivalents (rnn.nn.ScalarFmaGemm, rnn.nn.ScalarGateMath), i.e. a tenth of the
#                                      usual threshold (a method's scale multiplies the global one): until the
#                                      optimising compiler has compiled them, their vector code runs 10-100x slower
#                                      (every vector a heap object), so compiling them after a tenth of the usual
#                                      calls cuts a small job's CPU time by about 0.5 s (README example: 3.3-3.8 s
#                                      instead of 4.0) without compiling anything else earlier.
#  dontinline VectorGateMath::activate and ::activateFloat
#                                      sigma and tanh are compiled as methods of their own, never inside a caller's
#                                      compilation: inlined into the LSTM step of a generation (B = 1), C2 sometimes
#                                      (2 of 7 runs) lost the exact vector type after reinterpretAsInts, and every
#                                      vector of the exp's 2^k went through the JDK's plain-Java fallback: 30 % of
#                                      the samples of `rnn generate` (JFR) in reinterpretAsFloats and lanewiseShift;
#                                      compiled alone, 0 of 11 runs (measured on the LSTM [128,128] text model).
RNN_JVM_FLAGS=(-XX:+UseSerialGC --add-modules jdk.incubator.vector -XX:-UsePerfData -XX:CompileCommand=quiet
               -XX:CompileThresholdScaling=3
               '-XX:CompileCommand=CompileThresholdScaling,rnn.nn.Vector*::*,0.0333'
               '-XX:CompileCommand=CompileThresholdScaling,rnn.nn.ScalarFmaGemm::*,0.0333'
               '-XX:CompileCommand=CompileThresholdScaling,rnn.nn.ScalarGateMath::*,0.0333'
               '-XX:CompileCommand=dontinline,rnn.nn.VectorGateMath::activate'
               '-XX:CompileCommand=dontinline,rnn.nn.VectorGateMath::activateFloat')

# For `rnn generate` (and the text benchmark) only: the usual compile threshold (CompileThresholdScaling 1) for
# VectorGemmFloat::microRowPair (the one-row kernel of generation) and VectorGateMath::activateFloat. Compiled
# after a tenth of the usual calls, C2 sometimes left FloatVector.intoArray (in microRowPair) and
# reinterpretAsFloats (in activateFloat) as calls into the JDK's plain-Java vector fallback (JFR of one slow
# `rnn generate`: 370 and 110 of about 700 samples), and 1,000,000 tokens took 9.9-16.0 s (GRU, 1 thread) run to
# run; with the usual threshold 9.9-10.4 s (GRU) and 13.7-14.1 s against 15.0-15.4 s (LSTM). Not for training:
# the early compilation of activateFloat is worth 0.2 s of the README example (1.86 -> 2.05 s without it).
RNN_GENERATE_FLAGS=('-XX:CompileCommand=CompileThresholdScaling,rnn.nn.VectorGemmFloat::microRowPair,1.0'
                    '-XX:CompileCommand=CompileThresholdScaling,rnn.nn.VectorGateMath::activateFloat,1.0')

# The note the JVM prints on stderr when the vector module is resolved.
RNN_INCUBATOR_NOTE="WARNING: Using incubator modules: jdk.incubator.vector"

rnn_needs_build() {
  [ -f "$rnn_jar" ] || return 0
  [ -n "$(find "$rnn_root/src/main" "$rnn_root/pom.xml" -newer "$rnn_jar" -print -quit 2>/dev/null)" ]
}

# Builds target/rnn.jar on first use and whenever a source file or pom.xml is newer than it. Build output goes to
# target/build.log and is shown only when the build fails.
rnn_build_if_needed() {
  rnn_needs_build || return 0
  command -v mvn >/dev/null 2>&1 || { echo "rnn: building needs Maven (mvn) and a JDK 17+; install them first (e.g. apt-get install maven openjdk-17-jdk)." >&2; exit 1; }
  mkdir -p "$rnn_root/target"
  echo "rnn: building target/rnn.jar (first use or sources changed)..." >&2
  if ! (cd "$rnn_root" && mvn -B -q -DskipTests package) >"$rnn_root/target/build.log" 2>&1; then
    cat "$rnn_root/target/build.log" >&2
    echo "rnn: the build failed; the Maven output is above and in target/build.log." >&2
    exit 1
  fi
}

# stdin -> stderr, without the incubator note. JDK 17 prints the note from its module bootstrap (System.err, before
# any application code runs) and has no flag to turn it off, so the launcher filters it: the first line is dropped
# when it is exactly the note, and everything after it is passed through unchanged and unbuffered (cat), so
# progress lines ending in \r appear as they are written. The filter ignores INT, TERM, HUP and QUIT: it keeps
# draining while rnn handles a signal and prints its last messages, and it ends when rnn's stderr closes.
rnn_drop_incubator_note() {
  trap '' INT TERM HUP QUIT
  local first=""
  if IFS= read -r first; then
    [ "$first" = "$RNN_INCUBATOR_NOTE" ] || printf '%s\n' "$first"
  else
    printf '%s' "$first"
  fi
  exec cat
}

# Runs rnn with ARGS (output discarded) and writes the classes it loads to FILE: rnn_list_classes FILE ARGS...
rnn_list_classes() {
  local file="$1"
  shift
  java "${RNN_JVM_FLAGS[@]}" -XX:DumpLoadedClassList="$file" -jar "$rnn_jar" "$@" >/dev/null 2>&1
}

# (Re)creates target/rnn.jsa when it is missing or older than the jar: a static AppCDS archive (JDK 17: -Xshare:dump
# with -XX:SharedClassListFile) of the classes loaded by the three commands a CI job runs, on the bundled
# sample-data/sunspots.csv in a temporary directory: a 2-epoch `train`, then `eval` and `predict` of its model (these
# two side by side), each listing its classes with -XX:DumpLoadedClassList; the union of the lists is dumped (with the
# JDK's own start-up classes). A static archive, not a dynamic one (-XX:ArchiveClassesAtExit): JDK 17 cannot add
# classes of class-file version 49 (all of picocli) or those implementing their interfaces to a dynamic archive, and
# a dynamic archive records one process only. `--version` alone when the sample is missing. Written under a
# temporary name and renamed, so that concurrent launches never see half an archive; it takes a few seconds once
# per build. Failing is harmless: rnn then starts without it.
rnn_prepare_archive() {
  [ -f "$rnn_jar" ] || return 0
  if [ ! -f "$rnn_jsa" ] || [ "$rnn_jar" -nt "$rnn_jsa" ]; then
    local tmp="$rnn_jsa.$$.tmp" scratch sample="$rnn_root/sample-data/sunspots.csv"
    scratch="$(mktemp -d "${TMPDIR:-/tmp}/rnn-archive.XXXXXX")" || return 0
    if [ -f "$sample" ]; then
      rnn_list_classes "$scratch/train.classes" train --cell gru --epochs 2 --quiet --no-progress \
        --out "$scratch/run" "$sample"
      if [ -f "$scratch/run/best.safetensors" ]; then
        rnn_list_classes "$scratch/eval.classes" eval --model "$scratch/run" "$sample" &
        local eval_pid=$!
        rnn_list_classes "$scratch/predict.classes" predict --model "$scratch/run" -o "$scratch/pred.csv" "$sample"
        wait "$eval_pid"
      fi
    else
      rnn_list_classes "$scratch/version.classes" --version
    fi
    # the union, first occurrence first (a class after its supertypes, as each list has it)
    cat "$scratch"/*.classes 2>/dev/null | awk '!/^#/ && !seen[$0]++' >"$scratch/all.classes"
    if [ -s "$scratch/all.classes" ] && java "${RNN_JVM_FLAGS[@]}" -Xshare:dump \
        -XX:SharedClassListFile="$scratch/all.classes" -XX:SharedArchiveFile="$tmp" -Xlog:cds=off \
        -cp "$rnn_jar" >/dev/null 2>&1 && [ -s "$tmp" ]; then
      mv -f "$tmp" "$rnn_jsa"
    else
      rm -f "$tmp"
    fi
    rm -rf "$scratch"
  fi
}

# Replaces the shell with java (so signals reach the JVM directly, and its exit code is the script's), stderr
# through the filter, with the start-up archive when there is one. Invocations that only print the version or the
# help (or nothing) run with the first JIT tier only: they end before the optimising compiler would pay off.
# ${RNN_JAVA_OPTS} adds JVM options (e.g. -Xmx2g).
rnn_exec_java() {
  local extra=()
  if [ -f "$rnn_jsa" ]; then
    extra+=(-XX:SharedArchiveFile="$rnn_jsa" -Xlog:cds=off -Xlog:cds+dynamic=off)
  fi
  local trivial=1 a
  for a in "$@"; do
    case "$a" in
      -jar|"$rnn_jar"|-cp|-h|--help|-V|--version) ;;
      *) trivial=0 ;;
    esac
  done
  [ "$trivial" = 1 ] && extra+=(-XX:TieredStopAtLevel=1)
  # `rnn generate ...` and `rnn bench --repo R --text ...` (the command after -jar JAR)
  if [ "${3:-}" = generate ] || { [ "${3:-}" = bench ] && [[ " ${*:4} " == *" --text "* ]]; }; then
    extra+=("${RNN_GENERATE_FLAGS[@]}")
  fi
  # shellcheck disable=SC2086
  exec java "${RNN_JVM_FLAGS[@]}" "${extra[@]}" ${RNN_JAVA_OPTS:-} "$@" 2> >(rnn_drop_incubator_note >&2)
}
