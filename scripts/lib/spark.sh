# shellcheck shell=bash
# Sourced by scripts/rnn after lib/java.sh when the arguments hold --spark: builds the Spark part (Maven profile
# `spark`: target/spark/classes, target/rnn-spark.jar and target/rnn-spark.classpath) on first use and whenever a
# source file or pom.xml is newer, and runs rnn on Spark's class path. Without --spark nothing here is used.

rnn_spark_jar="$rnn_root/target/rnn-spark.jar"
rnn_spark_classpath="$rnn_root/target/rnn-spark.classpath"
rnn_spark_classes="$rnn_root/target/spark/classes"
# A class-data-sharing archive of the classes a `train --spark` loads (~9,200: Spark's, Scala's, Hadoop's, rnn's),
# made by rnn_spark_prepare_archive; it saves about 1.1 s of Spark's start (a 1-epoch run of the sample: 4.5 -> 3.4 s). A missing or stale archive is ignored.
rnn_spark_jsa="$rnn_root/target/rnn-spark.jsa"

# True when an argument is --spark or --spark=MASTER.
rnn_wants_spark() {
  local a
  for a in "$@"; do
    case "$a" in
      --spark|--spark=*) return 0 ;;
    esac
  done
  return 1
}

rnn_spark_needs_build() {
  [ -f "$rnn_spark_jar" ] && [ -f "$rnn_spark_classpath" ] && [ -d "$rnn_spark_classes" ] || return 0
  [ -n "$(find "$rnn_root/src/main" "$rnn_root/src/spark" "$rnn_root/pom.xml" -newer "$rnn_spark_jar" -print -quit \
    2>/dev/null)" ]
}

# Builds the Spark part with `mvn -Pspark package` (Maven downloads Spark on first use, about 300 MB into ~/.m2).
# Output goes to target/build-spark.log and is shown only when the build fails.
rnn_spark_build_if_needed() {
  rnn_spark_needs_build || return 0
  command -v mvn >/dev/null 2>&1 || { echo "rnn: --spark needs Maven (mvn) to fetch Spark and build target/rnn-spark.jar; install it first (e.g. apt-get install maven)." >&2; exit 1; }
  mkdir -p "$rnn_root/target"
  echo "rnn: building target/rnn-spark.jar with Spark (first use of --spark or sources changed; Maven may download Spark)..." >&2
  if ! (cd "$rnn_root" && mvn -B -q -Pspark -DskipTests package) >"$rnn_root/target/build-spark.log" 2>&1; then
    cat "$rnn_root/target/build-spark.log" >&2
    echo "rnn: the Spark build failed; the Maven output is above and in target/build-spark.log." >&2
    exit 1
  fi
}

# The JVM flags Spark needs on Java 17 (its launcher's JavaModuleOptions), defined once: in pom.xml's spark profile.
rnn_spark_jvm_flags() {
  sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' "$rnn_root/pom.xml"
}

# The Spark class path: rnn's Spark build (target/rnn-spark.jar), then rnn's and Spark's dependencies as Maven
# resolved them together. Jars only: a class-data-sharing archive refuses a class path with a directory of classes.
rnn_spark_class_path() {
  printf '%s:%s' "$rnn_spark_jar" "$(cat "$rnn_spark_classpath")"
}

# (Re)creates target/rnn-spark.jsa when it is missing or older than the jar or the class-path file, as
# rnn_prepare_archive does for target/rnn.jar (lib/java.sh: a static AppCDS archive, JDK 17's -Xshare:dump, of the
# classes one run lists with -XX:DumpLoadedClassList): here a 1-epoch `train --spark local[2]` of the bundled
# sample-data/sunspots.csv in a temporary directory (about 20 s, once per build). Written under a temporary name and
# renamed; failing is harmless (rnn then starts without it).
rnn_spark_prepare_archive() {
  [ -f "$rnn_spark_jsa" ] && [ ! "$rnn_spark_jar" -nt "$rnn_spark_jsa" ] \
    && [ ! "$rnn_spark_classpath" -nt "$rnn_spark_jsa" ] && return 0
  local sample="$rnn_root/sample-data/sunspots.csv" tmp="$rnn_spark_jsa.$$.tmp" scratch flags cp
  [ -f "$sample" ] || return 0
  scratch="$(mktemp -d "${TMPDIR:-/tmp}/rnn-spark-archive.XXXXXX")" || return 0
  read -r -a flags <<<"$(rnn_spark_jvm_flags)"
  cp="$(rnn_spark_class_path)"
  echo "rnn: preparing Spark's start-up archive target/rnn-spark.jsa (once per build)..." >&2
  if java "${RNN_JVM_FLAGS[@]}" "${flags[@]}" -XX:DumpLoadedClassList="$scratch/spark.classes" -cp "$cp" \
      rnn.cli.Main train --spark 'local[2]' --epochs 1 --quiet --no-progress --out "$scratch/run" "$sample" \
      >/dev/null 2>&1 && [ -s "$scratch/spark.classes" ] \
    && java "${RNN_JVM_FLAGS[@]}" "${flags[@]}" -Xshare:dump -XX:SharedClassListFile="$scratch/spark.classes" \
      -XX:SharedArchiveFile="$tmp" -Xlog:cds=off -cp "$cp" >/dev/null 2>&1 && [ -s "$tmp" ]; then
    mv -f "$tmp" "$rnn_spark_jsa"
  else
    rm -f "$tmp"
  fi
  rm -rf "$scratch"
}

# Replaces the shell with java running rnn.cli.Main on the Spark class path, with rnn's JVM flags and Spark's and
# the start-up archive when there is one; stderr through the same filter. -Drnn.spark.jar: the jar a cluster's
# executors fetch (spark://, yarn, k8s).
rnn_exec_spark() {
  local flags extra=()
  read -r -a flags <<<"$(rnn_spark_jvm_flags)"
  if [ -f "$rnn_spark_jsa" ]; then
    extra+=(-XX:SharedArchiveFile="$rnn_spark_jsa" -Xlog:cds=off -Xlog:cds+dynamic=off)
  fi
  # shellcheck disable=SC2086
  exec java "${RNN_JVM_FLAGS[@]}" "${flags[@]}" "${extra[@]}" -Drnn.spark.jar="$rnn_spark_jar" ${RNN_JAVA_OPTS:-} \
    -cp "$(rnn_spark_class_path)" rnn.cli.Main "$@" 2> >(rnn_drop_incubator_note >&2)
}
