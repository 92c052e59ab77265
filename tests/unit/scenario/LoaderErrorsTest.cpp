// A table of broken scenarios: each must be refused with a message at the right place,
// naming the key and what would be valid.
#include <algorithm>

#include <gtest/gtest.h>

#include "scenario/ScenarioLoader.hpp"

namespace msim::scenario {
namespace {

struct BrokenCase {
  const char* name;
  const char* yaml;
  const char* where;  // "LINE:COLUMN", or "" for messages without a place in the file
  const char* message;  // a substring of the message
  std::vector<std::string> overrides = {};
};

// Line 1 of each scenario is the (empty) rest of its opening line.
const BrokenCase CASES[] = {
    {"unknown_top_key", R"Y(
nmae: x
services: { a: { endpoints: { e: { work: 1ms } } } }
workload: [ { name: w, rate: 1/s, call: a.e } ]
)Y", "2:1", "unknown key 'nmae'; did you mean 'name'?"},
    {"unknown_service_key", R"Y(
services:
  a:
    worker: 4
    endpoints: { e: { work: 1ms } }
workload: [ { name: w, rate: 1/s, call: a.e } ]
)Y", "4:5", "services.a: unknown key 'worker'; did you mean 'workers'?"},
    {"missing_services", R"Y(
workload: [ { name: w, rate: 1/s, call: a.e } ]
)Y", "2:1", "missing 'services'"},
    {"missing_workload", R"Y(
services: { a: { endpoints: { e: { work: 1ms } } } }
)Y", "2:1", "missing 'workload'"},
    {"unknown_call_service", R"Y(
services:
  a: { endpoints: { e: { work: 1ms, calls: [ crat.get ] } } }
  cart: { endpoints: { get: { work: 1ms } } }
workload: [ { name: w, rate: 1/s, call: a.e } ]
)Y", "3:46", "unknown service 'crat'; did you mean 'cart'?"},
    {"unknown_call_endpoint", R"Y(
services:
  a: { endpoints: { e: { work: 1ms, calls: [ cart.gte ] } } }
  cart: { endpoints: { get: { work: 1ms }, put: { work: 1ms } } }
workload: [ { name: w, rate: 1/s, call: a.e } ]
)Y", "3:46", "service 'cart' has no endpoint 'gte'; did you mean 'get'?"},
    {"ambiguous_endpoint", R"Y(
services:
  a: { endpoints: { e: { work: 1ms, calls: [ cart ] } } }
  cart: { endpoints: { get: { work: 1ms }, put: { work: 1ms } } }
workload: [ { name: w, rate: 1/s, call: a.e } ]
)Y", "3:46", "has several endpoints (get, put); write 'cart.get'"},
    {"call_cycle", R"Y(
services:
  a: { endpoints: { e: { calls: [ b.f ] } } }
  b: { endpoints: { f: { calls: [ c.g ] } } }
  c: { endpoints: { g: { calls: [ a.e ] } } }
workload: [ { name: w, rate: 1/s, call: a.e } ]
)Y", "", "call cycle: "},
    {"self_call", R"Y(
services:
  a: { endpoints: { e: { calls: [ a.e ] } } }
workload: [ { name: w, rate: 1/s, call: a.e } ]
)Y", "3:35", "call cycle: a.e -> a.e"},
    {"zero_rate", R"Y(
services: { a: { endpoints: { e: { work: 1ms } } } }
workload: [ { name: w, rate: 0/s, call: a.e } ]
)Y", "3:30", "the rate must be > 0"},
    {"negative_rate", R"Y(
services: { a: { endpoints: { e: { work: 1ms } } } }
workload: [ { name: w, rate: -5/s, call: a.e } ]
)Y", "3:30", "a rate cannot be negative"},
    {"rate_without_unit", R"Y(
services: { a: { endpoints: { e: { work: 1ms } } } }
workload: [ { name: w, rate: 100, call: a.e } ]
)Y", "3:30", "'100' is not a rate; a rate looks like 200/s"},
    {"duration_without_unit", R"Y(
duration: 60
services: { a: { endpoints: { e: { work: 1ms } } } }
workload: [ { name: w, rate: 1/s, call: a.e } ]
)Y", "2:11", "duration: '60' has no unit"},
    {"unparsable_unit", R"Y(
services: { a: { endpoints: { e: { work: exponential(4 msec) } } } }
workload: [ { name: w, rate: 1/s, call: a.e } ]
)Y", "2:42", "unknown time unit 'msec'"},
    {"unknown_distribution", R"Y(
services: { a: { endpoints: { e: { work: expo(4ms) } } } }
workload: [ { name: w, rate: 1/s, call: a.e } ]
)Y", "2:42", "unknown distribution 'expo'"},
    {"missing_data_file", R"Y(
services: { a: { endpoints: { e: { work: "empirical(data/missing-latencies.csv, unit=ms)" } } } }
workload: [ { name: w, rate: 1/s, call: a.e } ]
)Y", "2:42", "data file 'data/missing-latencies.csv' not found"},
    {"zero_workers", R"Y(
services: { a: { workers: 0, endpoints: { e: { work: 1ms } } } }
workload: [ { name: w, rate: 1/s, call: a.e } ]
)Y", "2:27", "services.a.workers: 0 must be between 1 and"},
    {"negative_replicas", R"Y(
services: { a: { replicas: -1, endpoints: { e: { work: 1ms } } } }
workload: [ { name: w, rate: 1/s, call: a.e } ]
)Y", "2:28", "services.a.replicas: -1 must be between 0 and"},
    {"bad_discipline", R"Y(
services: { a: { discipline: fcsf, endpoints: { e: { work: 1ms } } } }
workload: [ { name: w, rate: 1/s, call: a.e } ]
)Y", "2:30", "'fcsf' is not valid (did you mean 'fcfs'?); valid: fcfs, fifo, lifo, processor_sharing"},
    {"bad_balancer", R"Y(
services: { a: { balancer: round-robin, endpoints: { e: { work: 1ms } } } }
workload: [ { name: w, rate: 1/s, call: a.e } ]
)Y", "2:28", "did you mean 'round_robin'?"},
    {"other_policys_parameter", R"Y(
services: { a: { balancer: { policy: round_robin, decay: 5s }, endpoints: { e: { work: 1ms } } } }
workload: [ { name: w, rate: 1/s, call: a.e } ]
)Y", "2:51", "services.a.balancer.decay: decay is a parameter of policy peak_ewma, not of round_robin"},
    {"policy_parameter_range", R"Y(
services: { a: { balancer: { policy: least_request, choiceCount: 0 }, endpoints: { e: { work: 1ms } } } }
workload: [ { name: w, rate: 1/s, call: a.e } ]
)Y", "2:66", "services.a.balancer.choiceCount: 0 must be between 1 and 100"},
    {"bad_probability", R"Y(
services:
  a: { endpoints: { e: { calls: [ { call: b.f, probability: 1.5 } ] } } }
  b: { endpoints: { f: { work: 1ms } } }
workload: [ { name: w, rate: 1/s, call: a.e } ]
)Y", "3:61", "probability: '1.5' must lie between 0 and 1"},
    {"bad_cpu", R"Y(
services: { a: { resources: { cpu: 2cores }, endpoints: { e: { work: 1ms } } } }
workload: [ { name: w, rate: 1/s, call: a.e } ]
)Y", "2:36", "is not a CPU quantity"},
    {"bad_memory", R"Y(
services: { a: { resources: { memory: 1GB }, endpoints: { e: { work: 1ms } } } }
workload: [ { name: w, rate: 1/s, call: a.e } ]
)Y", "2:39", "unknown memory unit 'GB'"},
    {"bad_service_name", R"Y(
services: { Cart_Service: { endpoints: { e: { work: 1ms } } } }
workload: [ { name: w, rate: 1/s, call: Cart_Service.e } ]
)Y", "2:13", "a service name is a DNS label"},
    {"rate_and_users", R"Y(
services: { a: { endpoints: { e: { work: 1ms } } } }
workload: [ { name: w, rate: 1/s, users: 5, call: a.e } ]
)Y", "3:42", "give either 'rate' (open loop) or 'users' (closed loop), not both"},
    {"no_rate_no_users", R"Y(
services: { a: { endpoints: { e: { work: 1ms } } } }
workload: [ { name: w, call: a.e } ]
)Y", "3:13", "missing 'rate' (open loop, e.g. rate: 100/s) or 'users'"},
    {"warmup_too_long", R"Y(
duration: 1m
warmup: 2m
services: { a: { endpoints: { e: { work: 1ms } } } }
workload: [ { name: w, rate: 1/s, call: a.e } ]
)Y", "3:9", "warmup: must be shorter than duration"},
    {"unknown_mix_target", R"Y(
services: { a: { endpoints: { e: { work: 1ms } } } }
workload:
  - name: w
    rate: 1/s
    mix: { browse: { call: b.e, weight: 1 } }
)Y", "6:12", "unknown service 'b'; did you mean 'a'?"},
    {"bad_rate_profile", R"Y(
services: { a: { endpoints: { e: { work: 1ms } } } }
workload: [ { name: w, rate: "rampp(from=1/s, to=2/s, start=0s, end=1m)", call: a.e } ]
)Y", "3:30", "unknown rate profile 'rampp'; did you mean 'ramp'?"},
    {"yaml_syntax_error", R"Y(
services:
  a: { endpoints: { e: { work: 1ms } }
workload: []
)Y", "4:", "YAML syntax error"},
    {"split_by_flow_comma", R"Y(
services: { a: { endpoints: { e: { work: gamma(shape=2, mean=8ms) } } } }
workload: [ { name: w, rate: 1/s, call: a.e } ]
)Y", "2:42", "quote the whole value"},
    {"override_unknown_key", R"Y(
services: { backend: { endpoints: { e: { work: 1ms } } } }
workload: [ { name: w, rate: 1/s, call: backend.e } ]
)Y", "", "'services.backnd.replicas': 'services' has no key 'backnd'; did you mean 'backend'?", {"services.backnd.replicas=4"}},
    {"override_bad_value", R"Y(
services: { backend: { endpoints: { e: { work: 1ms } } } }
workload: [ { name: w, rate: 1/s, call: backend.e } ]
)Y", "", "--set: services.backend.replicas: 'four' is not a whole number", {"services.backend.replicas=four"}},
    {"breaker_threshold_above_100", R"Y(
services:
  a: { endpoints: { e: { calls: [ { call: b.f, circuitBreaker: { failureRate: 150% } } ] } } }
  b: { endpoints: { f: { work: 1ms } } }
workload: [ { name: w, rate: 1/s, call: a.e } ]
)Y", "3:79", "failureRate: '150%' must lie between 0 and 1"},
    {"negative_backoff", R"Y(
services:
  a: { endpoints: { e: { calls: [ { call: b.f, retries: { backoff: { base: -10ms } } } ] } } }
  b: { endpoints: { f: { work: 1ms } } }
workload: [ { name: w, rate: 1/s, call: a.e } ]
)Y", "3:76", "backoff.base: '-10ms': a duration cannot be negative"},
    {"unknown_jitter", R"Y(
services:
  a: { endpoints: { e: { calls: [ { call: b.f, retries: { backoff: { jitter: ful } } } ] } } }
  b: { endpoints: { f: { work: 1ms } } }
workload: [ { name: w, rate: 1/s, call: a.e } ]
)Y", "3:78", "'ful' is not valid (did you mean 'full'?)"},
    {"unknown_discovery", R"Y(
cluster: { discovery: eurka }
services: { a: { endpoints: { e: { work: 1ms } } } }
workload: [ { name: w, rate: 1/s, call: a.e } ]
)Y", "2:23", "'eurka' is not valid (did you mean 'eureka'?)"},
    {"discovery_unknown_probe_key", R"Y(
cluster: { discovery: { kind: kubernetes, readinessProbe: { periodSecond: 5 } } }
services: { a: { endpoints: { e: { work: 1ms } } } }
workload: [ { name: w, rate: 1/s, call: a.e } ]
)Y", "2:61", "cluster.discovery.readinessProbe: unknown key 'periodSecond'; did you mean 'periodSeconds'?"},
    {"discovery_key_of_another_model", R"Y(
cluster: { discovery: { kind: consul, lease: 30s } }
services: { a: { endpoints: { e: { work: 1ms } } } }
workload: [ { name: w, rate: 1/s, call: a.e } ]
)Y", "2:39", "cluster.discovery: unknown key 'lease'"},
    {"consul_interval_below_minimum", R"Y(
services:
  a: { discovery: { kind: consul, interval: 500ms }, endpoints: { e: { work: 1ms } } }
workload: [ { name: w, rate: 1/s, call: a.e } ]
)Y", "3:45", "services.a.discovery.interval: must be at least 1s"},
    {"eureka_lease_doubling_not_boolean", R"Y(
cluster: { discovery: { kind: eureka, lease_doubling: yes } }
services: { a: { endpoints: { e: { work: 1ms } } } }
workload: [ { name: w, rate: 1/s, call: a.e } ]
)Y", "2:55", "'yes' is not valid"},
    {"failure_unknown_service", R"Y(
services: { cart: { endpoints: { e: { work: 1ms } } } }
workload: [ { name: w, rate: 1/s, call: cart.e } ]
failures: [ { at: 1m, crash: { service: crat } } ]
)Y", "4:13", "unknown service 'crat'; did you mean 'cart'?"},
    {"failure_two_kinds", R"Y(
services: { cart: { endpoints: { e: { work: 1ms } } } }
workload: [ { name: w, rate: 1/s, call: cart.e } ]
failures: [ { at: 1m, crash: { service: cart }, slowdown: { service: cart, factor: 2 } } ]
)Y", "4:13", "one failure per entry; found crash and slowdown"},
    {"duplicate_zone_in_pool", R"Y(
cluster:
  zones: [a, b]
  pools: { p: { nodes: 2, zones: [c] } }
services: { s: { endpoints: { e: { work: 1ms } } } }
workload: [ { name: w, rate: 1/s, call: s.e } ]
)Y", "4:35", "unknown zone 'c'"},
    {"call_unknown_protocol", R"Y(
services:
  a: { endpoints: { e: { work: 1ms, calls: [ { call: b.e, protocol: grcp } ] } } }
  b: { endpoints: { e: { work: 1ms } } }
workload: [ { name: w, rate: 1/s, call: a.e } ]
)Y", "3:69", "unknown protocol 'grcp'; did you mean 'grpc'?"},
    {"call_overhead_unknown_key", R"Y(
services:
  a: { endpoints: { e: { work: 1ms, calls: [ { call: b.e, overhead: { cpu: 1ms, byte: 2KiB } } ] } } }
  b: { endpoints: { e: { work: 1ms } } }
workload: [ { name: w, rate: 1/s, call: a.e } ]
)Y", "3:81", "unknown key 'byte'; did you mean 'bytes'?"},
    {"call_overhead_bad_bytes", R"Y(
services:
  a: { endpoints: { e: { work: 1ms, calls: [ { call: b.e, overhead: { bytes: 2 kilobytes } } ] } } }
  b: { endpoints: { e: { work: 1ms } } }
workload: [ { name: w, rate: 1/s, call: a.e } ]
)Y", "3:78", "is not a size in bytes"},
    {"call_overhead_bad_cpu", R"Y(
services:
  a: { endpoints: { e: { work: 1ms, calls: [ { call: b.e, overhead: { cpu: 150 } } ] } } }
  b: { endpoints: { e: { work: 1ms } } }
workload: [ { name: w, rate: 1/s, call: a.e } ]
)Y", "3:76", "overhead.cpu"},
    {"network_bad_bandwidth", R"Y(
cluster: { network: { bandwidth: 10 gigs } }
services: { s: { endpoints: { e: { work: 1ms } } } }
workload: [ { name: w, rate: 1/s, call: s.e } ]
)Y", "2:34", "is not a bandwidth; a bandwidth looks like 10Gbit/s"},
};

void PrintTo(const BrokenCase& c, std::ostream* os) { *os << c.name; }

class LoaderErrors : public ::testing::TestWithParam<BrokenCase> {};

TEST_P(LoaderErrors, RefusedWithALocatedHelpfulMessage) {
  const BrokenCase& c = GetParam();
  LoadOptions options;
  options.overrides = c.overrides;
  const auto result = load_scenario_text(c.yaml, "t.yaml", ".", options);
  ASSERT_FALSE(result.ok()) << "accepted a broken scenario";
  ASSERT_FALSE(result.spec.has_value()) << "no partial result may be returned";
  std::string all;
  bool found = false;
  for (const auto& d : result.diagnostics) {
    const std::string text = d.format();
    all += text + "\n";
    const std::string prefix = std::string(c.where).empty() ? "" : std::string("t.yaml:") + c.where;
    if (text.find(c.message) != std::string::npos && (prefix.empty() || text.rfind(prefix, 0) == 0)) found = true;
  }
  EXPECT_TRUE(found) << "expected at " << c.where << ": " << c.message << "\ngot:\n" << all;
}

INSTANTIATE_TEST_SUITE_P(Table, LoaderErrors, ::testing::ValuesIn(CASES),
                         [](const ::testing::TestParamInfo<BrokenCase>& param_info) { return std::string(param_info.param.name); });

TEST(LoaderErrors, TableHasAtLeast25Cases) { EXPECT_GE(std::size(CASES), 25u); }

TEST(LoaderErrors, EveryProblemIsReportedNotJustTheFirst) {
  const auto result = load_scenario_text(R"Y(
duration: 10
services: { a: { workers: 0, endpoints: { e: { work: fast } } } }
workload: [ { name: w, rate: 0/s, call: a.e } ]
)Y", "t.yaml", ".");
  EXPECT_EQ(result.diagnostics.size(), 4u);
}

TEST(LoaderErrors, MissingFileIsAProblemNotACrash) {
  const auto result = load_scenario_file("/nonexistent/scenario.yaml");
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_NE(result.diagnostics[0].format().find("cannot read"), std::string::npos);
}

TEST(Loader, OverridesReplaceScalarsAndAreRecorded) {
  LoadOptions options;
  options.overrides = {"services.backend.replicas=4", "workload.w.rate=50/s", "seed=9"};
  const auto result = load_scenario_text(R"Y(
seed: 1
services: { backend: { replicas: 1, endpoints: { e: { work: 1ms } } } }
workload: [ { name: w, rate: 1/s, call: backend.e } ]
)Y", "t.yaml", ".", options);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.spec->services[0].replicas, 4);
  EXPECT_DOUBLE_EQ(result.spec->workloads[0].rate.rate, 50.0);
  EXPECT_EQ(result.spec->seed, 9u);
  EXPECT_EQ(result.spec->overrides.size(), 3u);
}

TEST(Loader, AServiceDiscoveryStartsFromTheClustersOrFromItsOwnModelsDefaults) {
  const auto spec = load_scenario_text(R"Y(
cluster: { discovery: { kind: kubernetes, readinessProbe: { periodSeconds: 5 }, propagation: 3s } }
services:
  same: { discovery: { readinessProbe: { failureThreshold: 2 } }, endpoints: { e: { work: 1ms } } }
  other: { discovery: consul, endpoints: { e: { work: 1ms } } }
  plain: { endpoints: { e: { work: 1ms } } }
workload: [ { name: w, rate: 1/s, call: same.e } ]
)Y", "t.yaml", ".");
  ASSERT_TRUE(spec.ok());
  const auto& s = spec.spec->services;
  const auto at = [&](const std::string& name) { return std::find_if(s.begin(), s.end(), [&](const auto& x) { return x.name == name; }); };
  const auto& same = *at("same")->discovery;
  EXPECT_EQ(same.kind, "kubernetes");
  EXPECT_EQ(same.params.at("readinessProbe.periodSeconds"), 5);  // the cluster's
  EXPECT_EQ(same.params.at("readinessProbe.failureThreshold"), 2);  // its own
  EXPECT_EQ(same.params.at("propagation"), 3);
  const auto& other = *at("other")->discovery;
  EXPECT_EQ(other.kind, "consul");
  EXPECT_TRUE(other.params.values.empty());  // consul's defaults, not the cluster's propagation
  EXPECT_FALSE(at("plain")->discovery.has_value());
}

TEST(Loader, QuickstartScenarioIsValid) {
  const auto result = load_scenario_file(MSIM_SOURCE_DIR "/scenarios/quickstart.yaml");
  for (const auto& d : result.diagnostics) ADD_FAILURE() << d.format();
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.spec->services.size(), 4u);
  EXPECT_EQ(result.spec->sha256.size(), 64u);
}

}  // namespace
}  // namespace msim::scenario
