#!/usr/bin/env bash
# End-to-end test on a real Spark standalone cluster: a master and one 2-core worker, separate
# JVMs from PySpark's Spark distribution, on 127.0.0.1 only, on free ports. Submits
# DigitsPipelineJob and TransformJob with spark-submit and checks what they wrote:
#   - the digits job, once with each classifier (MLlib's perceptron after an activation stage, and
#     FeedForwardClassifier), prints accuracy >= 0.95 and metrics that agree with it, and its saved
#     model, loaded in a fresh local session, predicts exactly what the job wrote for the test rows
#     (SavedModelCheck);
#   - TransformJob on 100,000 generated rows in 8 parquet files keeps every row and column and
#     computes every value as numpy does (check_transform_output.py);
#   - bad arguments exit with 2 and the usage, a missing input with 1 and one line;
#   - the artifacts, deployed to a Maven repository in a directory, are found by their published
#     coordinates with spark-submit --packages (the pipelines artifact bringing the transformers
#     one through its flattened POM), and a job using them runs on the cluster.
# The cluster is stopped on any exit (trap); every wait and every submit has a time limit.
# Usage: standalone-cluster.sh [4|3.5]: the Spark line (default 4), whose jars of `mvn verify`
# it needs (bin/run-tests runs this after it) and whose PySpark (bin/python-env) is the cluster.
# Set KEEP_E2E=1 to keep the working directory.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
cd "$root"

eval "$(bin/spark-line "${1:-4}")"
target=examples/target/$BUILD_DIR
app=$target/spark-activations-examples_$SCALA_BINARY-$PROJECT_VERSION-app.jar
tests=$target/spark-activations-examples_$SCALA_BINARY-$PROJECT_VERSION-tests.jar
for jar in "$app" "$tests"; do
  if [ ! -f "$jar" ]; then
    echo "e2e: $jar is missing; run mvn -B -ntp $MAVEN_ARGS verify first" >&2
    exit 1
  fi
done

log() { echo "e2e: $*"; }
fail() { echo "e2e: FAILED: $*" >&2; exit 1; }

py=$(bin/python-env "$SPARK_LINE")
SPARK_HOME=$("$py" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))')
export SPARK_HOME
# The PySpark wheel ships bin/ with exec bits but an sbin/ without start-master.sh and
# start-worker.sh, so the daemons are started with bin/spark-class, as those scripts would.
for f in bin/spark-submit bin/spark-class bin/load-spark-env.sh bin/find-spark-home; do
  [ -f "$SPARK_HOME/$f" ] || fail "$SPARK_HOME/$f is missing from the PySpark distribution"
  [ -x "$SPARK_HOME/$f" ] || chmod u+x "$SPARK_HOME/$f"
done
spark_version=$("$py" -c 'import pyspark; print(pyspark.__version__)')
[ "$spark_version" = "$SPARK_VERSION" ] || fail "PySpark is $spark_version but the build uses Spark $SPARK_VERSION"
log "Spark $SPARK_VERSION line (Scala $SCALA_BINARY)"

work=$(mktemp -d "${TMPDIR:-/tmp}/spark-e2e.XXXXXX")
mkdir -p "$work/logs" "$work/pids" "$work/worker" "$work/conf" "$work/local"
export SPARK_LOG_DIR="$work/logs" SPARK_PID_DIR="$work/pids" SPARK_WORKER_DIR="$work/worker"
export SPARK_CONF_DIR="$work/conf" SPARK_LOCAL_DIRS="$work/local"
export SPARK_LOCAL_IP=127.0.0.1 SPARK_MASTER_HOST=127.0.0.1
export PYSPARK_PYTHON="$py"
# Daemons and drivers log warnings only, to their own files; the job's stdout is its report.
cat > "$work/conf/log4j2.properties" <<'LOG'
rootLogger.level = warn
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n%ex
logger.master.name = org.apache.spark.deploy
logger.master.level = info
LOG

pids=()
stop_cluster() {
  local status=$?
  trap - EXIT INT TERM
  local p children=()
  for p in "${pids[@]}"; do
    # Executors are the worker's children: stop them too, by their own ids.
    while read -r c; do [ -n "$c" ] && children+=("$c"); done < <(pgrep -P "$p" 2>/dev/null || true)
  done
  for p in "${pids[@]}" "${children[@]}"; do kill "$p" 2>/dev/null || true; done
  for _ in $(seq 1 20); do
    local alive=0
    for p in "${pids[@]}" "${children[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.5
  done
  for p in "${pids[@]}" "${children[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  if [ "$status" != 0 ]; then
    echo "e2e: logs in $work/logs; last lines of each:" >&2
    for f in "$work"/logs/* "$work"/*.err; do
      [ -f "$f" ] && { echo "--- $f" >&2; tail -n 25 "$f" >&2; }
    done
  elif [ "${KEEP_E2E:-0}" != 1 ]; then
    rm -rf "$work"
  fi
  exit "$status"
}
trap stop_cluster EXIT INT TERM

read -r master_port master_ui worker_port worker_ui < <("$py" - <<'PY'
import socket
socks = [socket.socket() for _ in range(4)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
for s in socks:
    s.close()
PY
)
master="spark://127.0.0.1:$master_port"

log "starting a master on $master (web UI 127.0.0.1:$master_ui) and a 2-core worker"
"$SPARK_HOME/bin/spark-class" org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port "$master_port" --webui-port "$master_ui" > "$work/logs/master.log" 2>&1 &
pids+=("$!")
"$SPARK_HOME/bin/spark-class" org.apache.spark.deploy.worker.Worker \
  --host 127.0.0.1 --port "$worker_port" --webui-port "$worker_ui" --cores 2 --memory 2g \
  --work-dir "$work/worker" "$master" > "$work/logs/worker.log" 2>&1 &
pids+=("$!")

# The master's JSON status, read through its web UI on loopback.
master_json() { curl -sf --max-time 5 "http://127.0.0.1:$master_ui/json/" || true; }
json_field() { "$py" -c 'import json, sys; d = json.loads(sys.stdin.read() or "{}"); print(eval(sys.argv[1], {}, {"d": d}))' "$1"; }

deadline=$((SECONDS + 120))
until [ "$(master_json | json_field 'd.get("aliveworkers", 0) if d else 0')" = 1 ] \
    && [ "$(master_json | json_field 'd.get("cores", 0) if d else 0')" = 2 ]; do
  for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null || fail "a daemon died while starting"; done
  [ "$SECONDS" -lt "$deadline" ] || fail "the worker did not register with the master within 120 s"
  sleep 1
done
log "cluster up: 1 worker, 2 cores"

# Anything the daemons listen on must be on loopback.
if command -v ss > /dev/null; then
  for p in "${pids[@]}"; do
    if ss -ltnpH 2>/dev/null | grep "pid=$p," | awk '{print $4}' | grep -v -E '^(127\.0\.0\.1|\[::ffff:127\.0\.0\.1\]):' ; then
      fail "daemon $p listens on a non-loopback address (above)"
    fi
  done
fi

submit() {
  local limit=$1
  shift
  timeout --kill-after=10 "$limit" "$SPARK_HOME/bin/spark-submit" \
    --conf spark.ui.enabled=false \
    --conf spark.driver.host=127.0.0.1 \
    --conf spark.driver.bindAddress=127.0.0.1 \
    --conf spark.driver.extraJavaOptions=-Dlog4j2.configurationFile="$work/conf/log4j2.properties" \
    "$@"
}

# --- DigitsPipelineJob on the cluster, once per classifier ------------------------------------------
checks=()
for classifier in perceptron feed-forward; do
  out="$work/digits-$classifier"
  log "submitting DigitsPipelineJob --classifier $classifier to $master"
  submit 900 --master "$master" --executor-memory 1g --total-executor-cores 2 \
    --class sparkactivations.examples.DigitsPipelineJob "$app" --classifier "$classifier" \
    --model-out "$out-model" --predictions-out "$out-predictions" \
    --metrics-out "$out-metrics.json" > "$out.out" 2> "$out.err" \
    || fail "DigitsPipelineJob --classifier $classifier exited with $?"
  cat "$out.out"
  last=$(tail -n 1 "$out.out")
  [[ "$last" =~ ^accuracy=([01]\.[0-9]{4})\ f1=([01]\.[0-9]{4})$ ]] || fail "last line is not accuracy=0.xxxx f1=0.xxxx: $last"
  accuracy=${BASH_REMATCH[1]}
  awk -v a="$accuracy" 'BEGIN { exit !(a >= 0.95) }' || fail "$classifier: accuracy $accuracy is below 0.95"
  grep -q "^$classifier: standardise -> " "$out.out" || fail "no '$classifier: standardise -> ...' line"
  # The metrics file agrees with the printed line, and names the classifier.
  "$py" - "$out-metrics.json" "$classifier" "$accuracy" <<'PY' || fail "$classifier: the metrics file disagrees with the output"
import json, sys
m = json.load(open(sys.argv[1]))
assert m["classifier"] == sys.argv[2], m
assert "%.4f" % m["accuracy"] == sys.argv[3], m
assert (m["dead_unit_fractions"] is None) == (sys.argv[2] == "perceptron"), m
PY
  if [ "$classifier" = feed-forward ]; then
    grep -q -E '^dead units \(0 on every training row\), hidden layer 1: [0-9]+ of 64 ' "$out.out" \
      || fail "no dead-unit line for the feed-forward network"
  fi
  completed=$(master_json | json_field '",".join(a["name"] for a in d.get("completedapps", []))')
  [[ ",$completed," == *",DigitsPipelineJob,"* ]] || fail "the master has no completed DigitsPipelineJob (has: $completed)"
  log "DigitsPipelineJob --classifier $classifier ran on the cluster: $last"

  checks+=("$out-model" "$out-predictions")
done

# Both saved models, in one fresh local session (one JVM start instead of two).
log "loading the saved models in a fresh local session"
submit 600 --master 'local[2]' --class sparkactivations.examples.e2e.SavedModelCheck --jars "$app" "$tests" \
  "${checks[@]}" > "$work/model-check.out" 2> "$work/model-check.err" \
  || { cat "$work/model-check.out"; fail "SavedModelCheck of the saved models exited with $?"; }
cat "$work/model-check.out"
[ "$(grep -c '^model check passed$' "$work/model-check.out")" = 2 ] || fail "SavedModelCheck did not check both models"

# --- TransformJob on the cluster ----------------------------------------------------------------
log "generating 100,000 rows in 8 parquet files"
timeout 600 "$py" "$here/make_transform_input.py" "$work/transform-in" > "$work/make-input.out" 2> "$work/make-input.err" \
  || fail "make_transform_input.py exited with $?"
files=$(find "$work/transform-in" -name 'part-*.parquet' | wc -l)
[ "$files" -ge 8 ] || fail "the input has $files parquet files, expected at least 8"

log "submitting TransformJob to $master"
submit 600 --master "$master" --executor-memory 1g --total-executor-cores 2 \
  --class sparkactivations.examples.TransformJob "$app" \
  --input "$work/transform-in" --input-col features --output-col activated \
  --function leaky_relu --alpha 0.1 --output "$work/transform-out" > "$work/transform.out" 2> "$work/transform.err" \
  || fail "TransformJob exited with $?"
cat "$work/transform.out"
timeout 600 "$py" "$here/check_transform_output.py" "$work/transform-in" "$work/transform-out" \
  features activated 0.1 100000 || fail "the TransformJob output is wrong"

# --- what a user sees for mistakes --------------------------------------------------------------
log "checking bad arguments and a missing input"
# The two light submits run side by side.
set +e
submit 300 --master 'local[1]' --class sparkactivations.examples.TransformJob "$app" --input x --bogus \
  > "$work/bad-args.out" 2> "$work/bad-args.err" &
bad_args_pid=$!
submit 300 --master 'local[1]' --class sparkactivations.examples.DigitsPipelineJob "$app" \
  --input "$work/no-such-file.csv" > "$work/missing.out" 2> "$work/missing.err" &
missing_pid=$!
wait "$bad_args_pid"
status=$?
wait "$missing_pid"
missing_status=$?
set -e
[ "$status" = 2 ] || fail "bad arguments exited with $status, expected 2"
grep -q '^TransformJob: unknown option --bogus$' "$work/bad-args.err" || fail "no 'unknown option' line for bad arguments"
grep -q '^Usage: TransformJob' "$work/bad-args.err" || fail "no usage text for bad arguments"
! grep -q -E 'Exception|^\s+at ' "$work/bad-args.err" || fail "bad arguments printed a stack trace"
[ "$missing_status" = 1 ] || fail "a missing input exited with $missing_status, expected 1"
grep -q -x "DigitsPipelineJob: input path does not exist: $work/no-such-file.csv" "$work/missing.err" \
  || fail "no one-line message naming the missing input"
! grep -q -E '^\s+at ' "$work/missing.err" || fail "a missing input printed a stack trace"

# --- the published coordinates ------------------------------------------------------------------
log "deploying the artifacts to a file repository and resolving them with --packages"
repo="$work/maven-repo"
# shellcheck disable=SC2086  # $MAVEN_ARGS is a list of arguments
mvn -B -q -ntp $MAVEN_ARGS -DskipTests -pl transformers,pipelines -am deploy \
  -DaltDeploymentRepository="e2e::default::file://$repo" > "$work/deploy.out" 2>&1 \
  || { tail -n 40 "$work/deploy.out" >&2; fail "mvn deploy exited with $?"; }
for module in transformers pipelines; do
  for kind in .jar -sources.jar -javadoc.jar .pom; do
    ls "$repo/io/github/sparkactivations/spark-activations-${module}_$SCALA_BINARY/$PROJECT_VERSION/"*"$kind" > /dev/null 2>&1 \
      || fail "the deployed $module artifact has no $kind"
  done
done
# Ivy resolves from that repository alone: not from ~/.m2, not from a cache of an earlier run.
cat > "$work/ivysettings.xml" <<IVY
<ivysettings>
  <settings defaultResolver="e2e"/>
  <caches defaultCacheDir="$work/ivy-cache"/>
  <resolvers><ibiblio name="e2e" m2compatible="true" root="file://$repo"/></resolvers>
</ivysettings>
IVY
cat > "$work/packages_job.py" <<'JOB'
from pyspark.ml.linalg import Vectors
from pyspark.sql import SparkSession

from sparkactivations.transformers import LeakyReLU

spark = SparkSession.builder.getOrCreate()
df = spark.createDataFrame([(Vectors.dense([-2.0, 3.0]),)], ["v"])
print("leaky=" + ",".join("%.3f" % x for x in LeakyReLU(inputCol="v", outputCol="o", alpha=0.5).transform(df).head()["o"]))
spark.stop()
JOB
# The Python wrappers from the source tree, as a zip for --py-files (the JVM side comes by --packages).
(cd "$root/src" && "$py" -c 'import sys, zipfile, glob
with zipfile.ZipFile(sys.argv[1], "w") as z:
    for f in glob.glob("sparkactivations/*.py"):
        z.write(f)' "$work/sparkactivations.zip")
submit 600 --master "$master" --executor-memory 1g --total-executor-cores 2 \
  --conf spark.jars.ivySettings="$work/ivysettings.xml" \
  --packages "io.github.sparkactivations:spark-activations-pipelines_$SCALA_BINARY:$PROJECT_VERSION" \
  --py-files "$work/sparkactivations.zip" "$work/packages_job.py" \
  > "$work/packages.out" 2> "$work/packages.err" || fail "the --packages job exited with $?"
for module in pipelines transformers; do
  grep -q "found io.github.sparkactivations#spark-activations-${module}_$SCALA_BINARY;$PROJECT_VERSION in e2e" "$work/packages.err" \
    || fail "--packages did not resolve spark-activations-${module}_$SCALA_BINARY from the deployed repository"
done
grep -q -x "leaky=-1.000,3.000" "$work/packages.out" || fail "the --packages job printed: $(cat "$work/packages.out")"
log "--packages resolved both artifacts by their coordinates; the job ran on the cluster"

log "all end-to-end checks passed"
