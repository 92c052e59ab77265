#!/usr/bin/env bash
# End-to-end checks of the msim command line, as a user runs it.
# Usage: cli_test.sh MSIM_BINARY SOURCE_DIR CASE
set -euo pipefail
msim=$1
src=$2
case_name=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

strip_wall() { grep -v '"wall_' "$1"; }

case "$case_name" in
  list_extensions)
    # Every registered entry, its help and its parameters; a scenario accepts every listed name.
    "$msim" list balancers >"$work/balancers"
    grep -q '^random_two_least_conn$' "$work/balancers" || fail "random_two_least_conn not listed"
    grep -q '^  choiceCount: whole number 1..100, default 2: ' "$work/balancers" || fail "least_request's choiceCount not listed"
    "$msim" list autoscalers >"$work/autoscalers"
    grep -q '^hpa$' "$work/autoscalers" || fail "hpa not listed"
    grep -q '^  horizon: duration > 0, default 120s: ' "$work/autoscalers" || fail "predictive's horizon not listed"
    for kind in $(grep '^[a-z_]*$' "$work/autoscalers"); do
      # The loader knows every listed name (a strategy may still need settings flash-crowd lacks).
      "$msim" validate "$src/scenarios/scaling/flash-crowd.yaml" --set services.api.autoscaler.kind="$kind" >/dev/null 2>"$work/err" || true
      grep -q "autoscaler.kind" "$work/err" && fail "listed autoscaler $kind is not accepted: $(cat "$work/err")"
    done
    for policy in $(grep '^[a-z_]*$' "$work/balancers"); do
      "$msim" validate "$src/scenarios/quickstart.yaml" --set services.backend.balancer="$policy" >/dev/null || fail "listed policy $policy does not load"
    done
    "$msim" list discovery >"$work/discovery"
    grep -q '^  readinessProbe.periodSeconds: whole number 1..86400, default 10: ' "$work/discovery" || fail "kubernetes' probe period not listed"
    for model in $(grep '^[a-z_]*$' "$work/discovery"); do
      "$msim" validate "$src/scenarios/quickstart.yaml" --set cluster.discovery="$model" >/dev/null || fail "listed discovery model $model does not load"
    done
    "$msim" list failures >"$work/failures"
    grep -q '^chaos_monkey$' "$work/failures" || fail "chaos_monkey not listed among failures"
    "$msim" list distributions >"$work/distributions"
    grep -q '^  lognormal(median=, p99=)' "$work/distributions" || fail "lognormal's forms not listed"
    for d in $(grep '^[a-z_]*$' "$work/distributions"); do
      # Every listed name is one the parser knows (its arguments may still be wrong).
      "$msim" validate "$src/scenarios/quickstart.yaml" --set "services.cache.endpoints.get.work=$d(1ms)" >/dev/null 2>"$work/err" || true
      grep -q "unknown distribution" "$work/err" && fail "listed distribution $d is unknown to the parser"
    done
    "$msim" list importers >"$work/importers"
    grep -q '^  --sample: FRACTION, default 1: ' "$work/importers" || fail "otel's --sample not listed"
    for importer in $(grep '^[a-z0-9_]*$' "$work/importers"); do
      # Every listed importer is an `msim import` subcommand.
      "$msim" import "$importer" --help >/dev/null || fail "listed importer $importer is not a subcommand"
    done
    set +e
    "$msim" list nothing >/dev/null 2>"$work/err"
    rc=$?
    set -e
    [[ $rc == 2 ]] || fail "unknown extension point: exit $rc, not 2"
    grep -q "balancers" "$work/err" || fail "the error does not name the valid points"
    ;;
  quickstart)
    "$msim" run "$src/scenarios/quickstart.yaml" --out "$work/out" >"$work/stdout"
    grep -q "request type" "$work/stdout" || fail "no results table"
    for f in summary.json timeseries.csv events.csv; do [[ -s "$work/out/$f" ]] || fail "missing $f"; done
    [[ $(head -1 "$work/out/timeseries.csv") == "time_s,metric,service,endpoint,request_type,value" ]] || fail "timeseries header"
    [[ $(head -1 "$work/out/events.csv") == "time_s,id,kind,service,target,before,after,reason" ]] || fail "events header"
    ls "$work/out" | grep -q tmp && fail "temporary files left behind"
    ;;
  same_seed_same_bytes)
    "$msim" run "$src/scenarios/quickstart.yaml" --quiet --seed 5 --duration 30s --out "$work/a"
    "$msim" run "$src/scenarios/quickstart.yaml" --quiet --seed 5 --duration 30s --out "$work/b"
    cmp "$work/a/timeseries.csv" "$work/b/timeseries.csv" || fail "timeseries differ"
    cmp "$work/a/events.csv" "$work/b/events.csv" || fail "events differ"
    diff <(strip_wall "$work/a/summary.json") <(strip_wall "$work/b/summary.json") || fail "summaries differ"
    "$msim" run "$src/scenarios/quickstart.yaml" --quiet --seed 6 --duration 30s --out "$work/c"
    cmp -s "$work/a/timeseries.csv" "$work/c/timeseries.csv" && fail "another seed gave the same results"
    true
    ;;
  overrides_are_applied_and_recorded)
    "$msim" run "$src/scenarios/quickstart.yaml" --quiet --duration 20s --set services.backend.replicas=5 --out "$work/o"
    grep -q '"services.backend.replicas": "5"' "$work/o/summary.json" || fail "override not recorded"
    # The backend's replicas block (min, mean, max) must say 5.
    awk '/^    "backend": \{/{in_backend=1} in_backend && /"replicas": \{/{getline; print; getline; getline; print; exit}' \
      "$work/o/summary.json" | tr -d ' ,\n' | grep -q '"min":5"max":5' || fail "override not applied"
    ;;
  bad_input_exit_code_and_no_output)
    printf 'services:\n  a:\n    worker: 2\n    endpoints: { e: { work: 1ms } }\nworkload: [ { name: w, rate: 10/s, call: a.e } ]\n' >"$work/bad.yaml"
    set +e
    "$msim" run "$work/bad.yaml" --out "$work/never" 2>"$work/stderr"
    code=$?
    set -e
    [[ $code -eq 2 ]] || fail "exit code $code, expected 2"
    grep -q "bad.yaml:3:5: services.a: unknown key 'worker'; did you mean 'workers'?" "$work/stderr" || fail "message: $(cat "$work/stderr")"
    [[ ! -e "$work/never" ]] || fail "output folder created for a bad scenario"
    set +e
    "$msim" validate "$work/bad.yaml" 2>/dev/null; code=$?
    "$msim" run "$src/scenarios/quickstart.yaml" --set services.backnd.replicas=2 --out "$work/never" 2>/dev/null; code2=$?
    "$msim" run 2>/dev/null; code3=$?
    set -e
    [[ $code -eq 2 && $code2 -eq 2 && $code3 -eq 2 ]] || fail "exit codes $code $code2 $code3, expected 2"
    [[ ! -e "$work/never" ]] || fail "output folder created for a bad override"
    ;;
  stats_and_get)
    "$msim" run "$src/scenarios/quickstart.yaml" --quiet --duration 20s --stats --out "$work/s" --get requests.all.completed \
      >"$work/stdout" 2>"$work/stderr"
    grep -Eq 'peak RSS [0-9.]+ MiB' "$work/stderr" || fail "no stats line: $(cat "$work/stderr")"
    grep -Eq '^[0-9]+$' "$work/stdout" || fail "--get did not print a number: $(cat "$work/stdout")"
    ;;
  generate_validates_and_runs)
    "$msim" generate --services 200 --instances 600 --rate 500/s --duration 20s -o "$work/gen.yaml" >/dev/null
    "$msim" validate "$work/gen.yaml" >/dev/null || fail "generated scenario does not validate"
    "$msim" run "$work/gen.yaml" --quiet --out "$work/gen" --get requests.all.completed | grep -Eq '^[0-9]{4,}$' || fail "generated scenario did not run"
    set +e
    "$msim" generate --services 10 --instances 5 -o "$work/bad.yaml" 2>/dev/null; code=$?
    set -e
    [[ $code -eq 2 && ! -e "$work/bad.yaml" ]] || fail "fewer instances than services must be refused"
    ;;
  graph_is_dot)
    "$msim" graph "$src/scenarios/quickstart.yaml" >"$work/g.dot"
    grep -q '^digraph' "$work/g.dot" || fail "not DOT"
    [[ $(grep -c -- '->' "$work/g.dot") -eq 3 ]] || fail "expected 3 edges"
    ;;
  every_scenario_validates)
    # Kubernetes manifests (*.k8s.yaml) and import profiles (*.profile.yaml) are inputs of
    # `msim import k8s`, experiments/ holds msim sweep's files: none of them is a scenario.
    count=0
    while IFS= read -r -d '' f; do
      "$msim" validate "$f" >/dev/null || fail "$f does not validate"
      count=$((count + 1))
    done < <(find "$src/scenarios" -name '*.yaml' ! -name suite.yaml ! -name '*.k8s.yaml' ! -name '*.profile.yaml' ! -path '*/experiments/*' -print0)
    [[ $count -ge 30 ]] || fail "only $count scenarios found"
    ;;
  apps_and_article_scenarios_run)
    # Every application and article scenario runs (shortened) and completes requests without failures.
    count=0
    while IFS= read -r -d '' f; do
      out="$work/run-$count"
      values=$("$msim" run "$f" --quiet --duration 40s --out "$out" --get requests.all.completed --get requests.all.failed) \
        || fail "$f did not run"
      completed=$(sed -n 1p <<<"$values")
      failed=$(sed -n 2p <<<"$values")
      [[ $completed -gt 100 ]] || fail "$f: only $completed requests completed"
      [[ $failed -eq 0 ]] || fail "$f: $failed requests failed"
      count=$((count + 1))
    done < <(find "$src/scenarios/apps" "$src/scenarios/article" -name '*.yaml' ! -name '*.k8s.yaml' ! -name '*.profile.yaml' -print0)
    [[ $count -ge 8 ]] || fail "only $count app and article scenarios found"
    ;;
  import_alibaba)
    "$msim" import alibaba "$src/data/alibaba-callgraph-sample.csv" -o "$work/ali.yaml" >"$work/stdout" || fail "import failed"
    grep -q "arrival rate" "$work/stdout" || fail "notes missing: $(cat "$work/stdout")"
    "$msim" run "$work/ali.yaml" --quiet --duration 1m --out "$work/ali" || fail "the imported scenario did not run"
    printf 'traceid,rpcid,um\n' >"$work/bad.csv"
    set +e
    "$msim" import alibaba "$work/bad.csv" -o "$work/never.yaml" 2>"$work/stderr"; code=$?
    set -e
    [[ $code -eq 2 && ! -e "$work/never.yaml" ]] || fail "bad file: exit $code"
    grep -q "bad.csv:1: no 'dm' column" "$work/stderr" || fail "message: $(cat "$work/stderr")"
    ;;
  rest_costs_more_than_grpc)
    # The same arrivals and work draws: REST's per-call overhead makes every request type slower
    # and the services busier than gRPC's (scenarios/article/rest-vs-grpc/README.md).
    dir="$src/scenarios/article/rest-vs-grpc"
    get=(--get requests.browse.latency_ms.mean --get requests.order.latency_ms.mean --get services.catalog.cpu_seconds --get requests.all.completed)
    mapfile -t rest < <("$msim" run "$dir/rest.yaml" --quiet --duration 40s --out "$work/rest" "${get[@]}")
    mapfile -t grpc < <("$msim" run "$dir/grpc.yaml" --quiet --duration 40s --out "$work/grpc" "${get[@]}")
    [[ ${rest[3]} == "${grpc[3]}" ]] || fail "different numbers of requests: ${rest[3]} vs ${grpc[3]}"
    for i in 0 1 2; do
      awk -v r="${rest[$i]}" -v g="${grpc[$i]}" 'BEGIN { exit !(r > g) }' || fail "${get[$((2 * i + 1))]}: rest ${rest[$i]} <= grpc ${grpc[$i]}"
    done
    # An order makes three calls, a browse one: REST's extra latency is about three times larger.
    awk -v rb="${rest[0]}" -v gb="${grpc[0]}" -v ro="${rest[1]}" -v go="${grpc[1]}" \
      'BEGIN { d1 = rb - gb; d3 = ro - go; exit !(d1 > 0.1 && d1 < 0.3 && d3 > 2 * d1) }' || fail "unexpected latency differences"
    ;;
  trace_replay_runs)
    # Every row of the shipped arrival trace (within the duration) becomes one request.
    rows=$(($(wc -l <"$src/data/arrivals-example.csv") - 1))
    completed=$("$msim" run "$src/scenarios/trace-replay.yaml" --quiet --duration 62s --out "$work/out" --get requests.all.completed)
    [[ $completed -eq $rows ]] || fail "$completed requests for $rows trace rows"
    ;;
  import_k8s)
    k8s="$src/scenarios/article/two-services-k8s"
    "$msim" import k8s "$k8s/two-services.k8s.yaml" -o "$work/plain.yaml" >"$work/stdout" || fail "import without a profile failed"
    grep -q "no profile: the defaults noted above were used" "$work/stdout" || fail "defaults not announced: $(cat "$work/stdout")"
    grep -q "^note: .*workers 16 (default" "$work/stdout" || fail "default workers not noted"
    "$msim" validate "$work/plain.yaml" >/dev/null || fail "imported scenario does not validate"
    "$msim" import k8s "$k8s/two-services.k8s.yaml" --profile "$k8s/two-services.profile.yaml" -o "$work/p.yaml" >/dev/null
    "$msim" run "$work/p.yaml" --quiet --duration 20s --out "$work/run" --get requests.all.completed | grep -Eq '^[0-9]{4,}$' || fail "imported scenario did not run"
    printf 'apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: { name: a }\n' >"$work/old.yaml"
    set +e
    "$msim" import k8s "$work/old.yaml" -o "$work/never.yaml" >/dev/null 2>"$work/stderr"; code=$?
    set -e
    [[ $code -eq 2 && ! -e "$work/never.yaml" ]] || fail "unsupported apiVersion: exit code $code"
    grep -q "old.yaml:1:13: document 1 (Deployment 'a'): apiVersion: 'extensions/v1beta1' is not supported" "$work/stderr" || fail "message: $(cat "$work/stderr")"
    ;;
  traces_and_prometheus)
    q="$src/scenarios/quickstart.yaml"
    "$msim" run "$q" --quiet --duration 15s --trace-sample 1% --trace-format otlp --prometheus --out "$work/a"
    "$msim" run "$q" --quiet --duration 15s --trace-sample 1% --trace-format otlp --prometheus --out "$work/b"
    for f in spans.csv traces.otlp.json metrics.prom; do [[ -s "$work/a/$f" ]] || fail "missing $f"; done
    cmp "$work/a/traces.otlp.json" "$work/b/traces.otlp.json" || fail "traces differ between reruns"
    ls "$work/a" | grep -q tmp && fail "temporary files left behind"
    grep -q '^msim_requests_total{type="all",outcome="completed"} [0-9]' "$work/a/metrics.prom" || fail "metrics.prom: $(head -5 "$work/a/metrics.prom")"
    "$msim" run "$q" --quiet --duration 15s --trace-sample 1% --trace-format jaeger --out "$work/a"
    [[ -s "$work/a/traces.jaeger.json" ]] || fail "missing traces.jaeger.json"
    set +e
    "$msim" import otel "$work/b/traces.otlp.json" --sample 2 -o "$work/never.yaml" >/dev/null 2>"$work/stderr"; code=$?
    set -e
    [[ $code -eq 2 ]] || fail "--sample 2: exit $code, expected 2"
    grep -q -- "--sample '2': give the fraction of requests that was traced, a number in (0, 1]" "$work/stderr" || fail "--sample 2: $(cat "$work/stderr")"
    [[ -e "$work/never.yaml" ]] && fail "--sample 2 wrote a scenario"
    "$msim" import otel "$work/b/traces.otlp.json" --sample 0.01 -o "$work/imported.yaml" >"$work/stdout" || fail "import otel failed"
    grep -q '^note: workload frontend-get-product' "$work/stdout" || fail "notes: $(cat "$work/stdout")"
    "$msim" validate "$work/imported.yaml" >/dev/null || fail "imported scenario does not validate"
    printf '{"resourceSpans": [\n  {,\n' >"$work/bad.json"
    set +e
    "$msim" import otel "$work/bad.json" -o "$work/never.yaml" >/dev/null 2>"$work/stderr"; code=$?
    set -e
    [[ $code -eq 2 && ! -e "$work/never.yaml" ]] || fail "malformed traces: exit code $code"
    grep -q "bad.json:2:4: malformed JSON" "$work/stderr" || fail "message: $(cat "$work/stderr")"
    ;;
  failures_in_headlines)
    # A run with heavy failures cannot look healthy: failed %, latency of all requests, a loud line.
    printf 'name: busy\nduration: 40s\nwarmup: 5s\nservices:\n  a:\n    workers: 1\n    queue: 2\n    endpoints: { e: { work: exponential(10ms) } }\nworkload: [ { name: w, rate: 200/s, call: a.e } ]\n' >"$work/busy.yaml"
    "$msim" run "$work/busy.yaml" --out "$work/busy" >"$work/stdout" 2>"$work/stderr"
    grep -q "failed %" "$work/stdout" || fail "no failed % column: $(cat "$work/stdout")"
    grep -q "p99 all ms" "$work/stdout" || fail "no p99 all column"
    grep -Eq "^msim: WARNING: [0-9.]+ % of requests failed \(rejected 100 %\)" "$work/stderr" || fail "no warning: $(cat "$work/stderr")"
    "$msim" run "$work/busy.yaml" --quiet --out "$work/busy" 2>"$work/stderr"
    grep -q "WARNING" "$work/stderr" || fail "the warning is not said with --quiet"
    ratio=$("$msim" run "$work/busy.yaml" -q --out "$work/busy" --get requests.all.failed_ratio 2>/dev/null)
    awk -v r="$ratio" 'BEGIN { exit !(r > 0.3 && r < 0.7) }' || fail "failed_ratio $ratio"
    # Rejections fail at once: counted at the time they failed, they pull the all-requests p50 down.
    ok_p50=$("$msim" run "$work/busy.yaml" -q --out "$work/busy" --get requests.all.latency_ms.p50 2>/dev/null)
    all_p50=$("$msim" run "$work/busy.yaml" -q --out "$work/busy" --get requests.all.latency_all_ms.p50 2>/dev/null)
    awk -v a="$all_p50" -v o="$ok_p50" 'BEGIN { exit !(a < o) }' || fail "latency_all p50 $all_p50 not below $ok_p50"
    # Nothing completed: said, not a table of zeros alone.
    printf 'name: none\nduration: 20s\nservices:\n  a:\n    workers: 1\n    queue: 0\n    endpoints: { e: { work: 1000s } }\nworkload: [ { name: w, rate: 20/s, call: a.e } ]\n' >"$work/none.yaml"
    "$msim" run "$work/none.yaml" -q --out "$work/none" 2>"$work/stderr"
    grep -q "^msim: WARNING: no request completed: all .* failed (rejected 100 %)" "$work/stderr" || fail "nothing-completed: $(cat "$work/stderr")"
    # --check: exit 3 when missed, 0 when met, 2 for a malformed expression (before running).
    set +e
    "$msim" run "$work/busy.yaml" -q --out "$work/busy" --check 'requests.all.failed_ratio < 1%' 2>"$work/stderr"; code=$?
    "$msim" run "$work/busy.yaml" -q --out "$work/busy" --check 'requests.all.failed_ratio < 90% and requests.all.latency_ms.p99 < 10s' 2>/dev/null; code2=$?
    "$msim" run "$work/busy.yaml" -q --out "$work/never" --check 'requests.all.latency_ms.p99 <' 2>/dev/null; code3=$?
    "$msim" run "$work/busy.yaml" -q --out "$work/busy" --check 'requests.all.latncy_ms.p99 < 1s' 2>"$work/stderr2"; code4=$?
    set -e
    [[ $code -eq 3 && $code2 -eq 0 && $code3 -eq 2 && $code4 -eq 2 ]] || fail "--check exit codes $code $code2 $code3 $code4"
    grep -q "check NOT MET: requests.all.failed_ratio = " "$work/stderr" || fail "check line: $(cat "$work/stderr")"
    grep -q "did you mean 'requests.all.latency_ms.p99'" "$work/stderr2" || fail "check did-you-mean: $(cat "$work/stderr2")"
    [[ ! -e "$work/never" ]] || fail "a malformed --check ran the scenario"
    ;;
  compare_decides)
    f="$src/scenarios/scaling/flash-crowd.yaml"
    # Every strategy is checked before any runs: a typo in the last one costs nothing.
    set +e
    "$msim" compare "$f" --strategies static:8,hpa,hpaa --out "$work/never" >/dev/null 2>"$work/stderr"; code=$?
    set -e
    [[ $code -eq 2 ]] || fail "bad strategy: exit code $code"
    grep -q "unknown strategy 'hpaa'; did you mean 'hpa'?" "$work/stderr" || fail "message: $(cat "$work/stderr")"
    grep -q '^\[1/' "$work/stderr" && fail "a strategy ran before the bad one was reported"
    [[ ! -e "$work/never" ]] || fail "a folder was written for a bad strategy"
    # --help lists every strategy of the registry.
    "$msim" compare --help | tr -d '\n' | tr -s ' ' | grep -q "static, hpa, target_tracking, scheduled, step, slo, predictive" || fail "help: $("$msim" compare --help)"
    "$msim" compare "$f" --strategies static:8,hpa,target_tracking -r 3 -j 2 --duration 30m --out "$work/cmp" >"$work/stdout" 2>/dev/null
    grep -q "^recommendation: static:8" "$work/stdout" || fail "no recommendation: $(cat "$work/stdout")"
    grep -q "rule: the cheapest strategy that meets the objective" "$work/stdout" || fail "no rule"
    grep -q "^\* Pareto-optimal on cost against SLO met %: " "$work/stdout" || fail "no Pareto line"
    grep -q "10m-20m .*load 100/s -> 1000/s" "$work/stdout" || fail "no automatic window: $(cat "$work/stdout")"
    [[ $(awk 'length > 130' "$work/stdout" | wc -l) -eq 0 ]] || fail "table wider than 130 columns: $(awk 'length > 130' "$work/stdout")"
    grep -q '"recommendation"' "$work/cmp/compare.json" && grep -q '"strategies"' "$work/cmp/compare.json" || fail "compare.json"
    grep -q '^hpa,window 10m-20m p99_ms,' "$work/cmp/compare.csv" || fail "compare.csv has no window metrics"
    "$msim" compare "$f" --strategies static:8,hpa -r 2 --duration 30m --window 12m..15m --out "$work/cmp2" >"$work/stdout" 2>/dev/null
    grep -q "12m-15m .*asked for" "$work/stdout" || fail "--window: $(cat "$work/stdout")"
    ;;
  what_if_flags)
    # --inject, --scale-traffic and --set += change the scenario the way they say, and are recorded.
    q="$src/scenarios/quickstart.yaml"
    get() { "$msim" run "$q" -q --duration 90s --out "$work/w" "$@" 2>/dev/null; }
    base=$(get --get requests.all.failed_ratio)
    [[ $base == 0 || $base == 0.0 ]] || fail "the quickstart fails requests: $base"
    lost=$(get --inject 'crash zone=b at=30s for=30s' --get requests.all.failed_ratio)
    awk -v v="$lost" 'BEGIN { exit !(v > 0.05) }' || fail "losing zone b failed only $lost"
    grep -q '"--inject": "crash zone=b at=30s for=30s"' "$work/w/summary.json" || fail "--inject not recorded"
    grep -q ',crash,' "$work/w/events.csv" || grep -q 'crash' "$work/w/events.csv" || fail "no crash event"
    rate=$(get --scale-traffic 2x --get requests.all.throughput_rps)
    awk -v v="$rate" 'BEGIN { exit !(v > 760 && v < 840) }' || fail "2x traffic gave $rate/s (expected ~800)"
    grep -q '"--scale-traffic": "2x"' "$work/w/summary.json" || fail "--scale-traffic not recorded"
    slow=$(get --set 'failures+={ at: 30s, duration: 30s, slowdown: { service: db, factor: 4 } }' --get requests.all.latency_ms.p99)
    p99=$(get --get requests.all.latency_ms.p99)
    awk -v a="$slow" -v b="$p99" 'BEGIN { exit !(a > 1.3 * b) }' || fail "a 4x slower db moved p99 from $p99 to $slow only"
    set +e
    "$msim" run "$q" --inject 'crsh zone=b at=30s' --out "$work/never" 2>"$work/stderr"; code=$?
    "$msim" run "$q" --scale-traffic 'lots' --out "$work/never" 2>/dev/null; code2=$?
    "$msim" run "$q" --set 'services.backend.replicas+=2' --out "$work/never" 2>/dev/null; code3=$?
    set -e
    [[ $code -eq 2 && $code2 -eq 2 && $code3 -eq 2 ]] || fail "exit codes $code $code2 $code3"
    grep -q "unknown failure kind; did you mean 'crash'?" "$work/stderr" || fail "inject message: $(cat "$work/stderr")"
    [[ ! -e "$work/never" ]] || fail "a folder was written for a bad what-if"
    ;;
  *) fail "unknown case $case_name" ;;
esac
echo "PASS: $case_name"
