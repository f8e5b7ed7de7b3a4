# shellcheck shell=bash
# Sourced by scripts/rnn after lib/java.sh when the arguments hold --spark: builds the Spark part (Maven profile
# `spark`: target/spark/classes, target/rnn-spark.jar and target/rnn-spark.classpath) on first use and whenever a
# source file or pom.xml is newer, and runs rnn on Spark's class path. Without --spark nothing here is used.

rnn_spark_jar="$rnn_root/target/rnn-spark.jar"
rnn_spark_classpath="$rnn_root/target/rnn-spark.classpath"
rnn_spark_classes="$rnn_root/target/spark/classes"

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

# Replaces the shell with java running rnn.cli.Main on the Spark class path (rnn's classes, then rnn's and Spark's
# dependencies as Maven resolved them together), with rnn's JVM flags and Spark's; stderr through the same filter.
# -Drnn.spark.jar: the jar a cluster's executors fetch (spark://, yarn, k8s).
rnn_exec_spark() {
  local flags
  read -r -a flags <<<"$(rnn_spark_jvm_flags)"
  # shellcheck disable=SC2086
  exec java "${RNN_JVM_FLAGS[@]}" "${flags[@]}" -Drnn.spark.jar="$rnn_spark_jar" ${RNN_JAVA_OPTS:-} \
    -cp "$rnn_spark_classes:$(cat "$rnn_spark_classpath")" rnn.cli.Main "$@" 2> >(rnn_drop_incubator_note >&2)
}
