// Round trip: a scenario run with every request traced, exported as OTLP/JSON (and Jaeger JSON),
// and re-imported gives the same call graph, the same call probabilities within sampling error,
// and service times whose means match the scenario's.
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <msim/Experiments.hpp>
#include <msim/Import.hpp>
#include <msim/Report.hpp>
#include <msim/Scenario.hpp>

#include "importers/Traces.hpp"

namespace {

const std::filesystem::path kSource = MSIM_SOURCE_DIR;

std::filesystem::path work_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / (name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

using Edge = std::pair<std::string, std::string>;  // "service.endpoint" -> "service.endpoint"

std::set<Edge> edges(const msim::importers::TraceModel& m) {
  std::set<Edge> out;
  for (const auto& e : m.endpoints)
    for (const auto& c : e.calls) out.insert({e.service + "." + e.name, c.service + "." + c.endpoint});
  return out;
}

const msim::importers::TraceModel::Edge& edge(const msim::importers::TraceModel& m, const std::string& svc, const std::string& ep,
                                              const std::string& callee) {
  const auto* e = m.find(svc, ep);
  if (!e) throw std::runtime_error("no endpoint " + svc + "." + ep);
  for (const auto& c : e->calls)
    if (c.service + "." + c.endpoint == callee) return c;
  throw std::runtime_error("no call " + callee);
}

// Within 3 standard errors of a binomial proportion p over n parent spans.
void expect_probability(const msim::importers::TraceModel& m, const std::string& svc, const std::string& ep, const std::string& callee, double p) {
  const auto* parent = m.find(svc, ep);
  ASSERT_NE(parent, nullptr);
  const double n = static_cast<double>(parent->spans);
  const double sigma = std::sqrt(p * (1 - p) / n);
  EXPECT_NEAR(edge(m, svc, ep, callee).mean_calls, p, std::max(3 * sigma, 1e-12)) << svc << "." << ep << " -> " << callee << " over " << n;
}

TEST(TraceRoundTrip, QuickstartExportedAsOtlpAndReimportedKeepsItsCallGraphAndProbabilities) {
  const auto dir = work_dir("msim-trace-roundtrip");
  msim::api::SessionOptions options;
  options.out_dir = dir / "run";
  // The scenario as it is (network latency, cross-zone hops), with enough backend threads that
  // calls do not queue: a server span's self time then is the service time the import recovers.
  options.overrides = {"tracing.sample=1", "services.backend.workers=8"};
  options.duration = "30s";
  const auto run = msim::api::run_batch((kSource / "scenarios/quickstart.yaml").string(), options, {});
  ASSERT_TRUE(run.problems.empty()) << run.problems.front();
  const auto exported = msim::api::export_traces(options.out_dir, "otlp", "quickstart");
  ASSERT_TRUE(exported.problems.empty()) << exported.problems.front();
  ASSERT_EQ(exported.written.size(), 1u);
  EXPECT_EQ(exported.written[0], options.out_dir / "traces.otlp.json");

  const auto imported = msim::importers::import_otel_file(exported.written[0].string(), (dir / "imported.yaml").string());
  ASSERT_TRUE(imported.problems.empty()) << imported.problems.front();
  const auto& m = imported.model;
  EXPECT_GT(m.roots, 11000u);  // 400/s for 30 s
  // The same call graph.
  const std::set<Edge> expected{{"frontend.GET /product", "backend.product"}, {"backend.product", "cache.get"}, {"backend.product", "db.query"}};
  EXPECT_EQ(edges(m), expected);
  ASSERT_EQ(m.endpoints.size(), 4u);
  // The same call probabilities, within sampling error.
  expect_probability(m, "frontend", "GET /product", "backend.product", 1.0);
  expect_probability(m, "backend", "product", "cache.get", 1.0);
  expect_probability(m, "backend", "product", "db.query", 0.10);
  // The sequential order of the calls: cache first.
  EXPECT_EQ(m.find("backend", "product")->calls[0].service, "cache");
  // Service-time means (self times) within 3 %: server spans run from arrival to response and calls
  // are client spans, so with little queueing the self time of a server span is the endpoint's work.
  EXPECT_NEAR(m.find("frontend", "GET /product")->self_mean_s / 0.002, 1.0, 0.03);
  EXPECT_NEAR(m.find("backend", "product")->self_mean_s / (0.003 * std::exp(0.5 * std::pow(std::log(5.0) / 2.326348, 2))), 1.0, 0.03);
  EXPECT_NEAR(m.find("cache", "get")->self_mean_s / 0.0003, 1.0, 0.03);
  EXPECT_NEAR(m.find("db", "query")->self_mean_s / 0.008, 1.0, 0.05);  // ~1200 spans: sd/mean of a gamma(2) mean is 2 %
  // The request mix and the arrival rate.
  EXPECT_EQ(m.find("frontend", "GET /product")->roots, m.roots);
  EXPECT_NEAR(static_cast<double>(m.roots - 1) / (m.last_root_s - m.first_root_s), 400.0, 3 * std::sqrt(400.0 / 30.0));
  // The imported scenario validates and runs.
  msim::api::write_text_file(dir / "imported.yaml", imported.yaml);
  msim::api::SessionOptions again;
  again.out_dir = dir / "again";
  again.duration = "10s";
  const auto rerun = msim::api::run_batch((dir / "imported.yaml").string(), again, {});
  ASSERT_TRUE(rerun.problems.empty()) << rerun.problems.front();
  EXPECT_GT(rerun.summary.all().completed, 3000.0);

  // Jaeger JSON gives the same graph (times in microseconds).
  const auto jaeger = msim::api::export_traces(options.out_dir, "jaeger", "quickstart");
  ASSERT_TRUE(jaeger.problems.empty());
  const auto from_jaeger = msim::importers::import_otel_file(jaeger.written[0].string(), (dir / "imported2.yaml").string());
  ASSERT_TRUE(from_jaeger.problems.empty()) << from_jaeger.problems.front();
  EXPECT_EQ(edges(from_jaeger.model), expected);
  EXPECT_DOUBLE_EQ(edge(from_jaeger.model, "backend", "product", "db.query").mean_calls, edge(m, "backend", "product", "db.query").mean_calls);
  std::filesystem::remove_all(dir);
}

// An application scenario with fan-out, probabilistic cache calls and a request mix, sampled at 5 %:
// the same service graph, the wrk2 mix within sampling error, the rate divided by the sample.
TEST(TraceRoundTrip, SocialNetworkSampledKeepsItsServiceGraphMixAndRate) {
  const auto dir = work_dir("msim-trace-roundtrip-sn");
  const auto scenario = (kSource / "scenarios/apps/social-network/scenario.yaml").string();
  msim::api::SessionOptions options;
  options.out_dir = dir / "run";
  options.overrides = {"tracing.sample=5%"};
  const auto run = msim::api::run_batch(scenario, options, {});
  ASSERT_TRUE(run.problems.empty()) << run.problems.front();
  const auto exported = msim::api::export_traces(options.out_dir, "otlp", "social-network");
  ASSERT_TRUE(exported.problems.empty()) << exported.problems.front();
  const auto imported = msim::importers::import_otel_file(exported.written.at(0).string(), (dir / "sn.yaml").string(), 0.05);
  ASSERT_TRUE(imported.problems.empty()) << imported.problems.front();
  const auto& m = imported.model;

  std::set<std::pair<std::string, std::string>> want, got;
  const auto graph = msim::api::service_graph(scenario);
  ASSERT_TRUE(graph.problems.empty());
  for (const auto& c : graph.calls) want.insert({c.from, c.to});
  for (const auto& e : m.endpoints)
    for (const auto& c : e.calls) got.insert({e.service, c.service});
  EXPECT_EQ(got, want);

  // Parallel blocks: compose-post's first four calls, and the pipelined writes to the followers' timelines.
  const auto* compose = m.find("compose-post-service", "compose-post");
  ASSERT_NE(compose, nullptr);
  ASSERT_EQ(compose->calls.size(), 7u);
  std::set<std::string> first_step;
  for (const auto& c : compose->calls)
    if (c.step == 0) first_step.insert(c.service);
  EXPECT_EQ(first_step, (std::set<std::string>{"text-service", "user-service", "media-service", "unique-id-service"}));
  EXPECT_EQ(compose->calls.back().service, "home-timeline-service");
  EXPECT_EQ(compose->calls.back().step, 3u);
  const auto& zadd = edge(m, "home-timeline-service", "write-home-timeline", "home-timeline-redis.zadd");
  EXPECT_TRUE(zadd.concurrent);
  EXPECT_NEAR(zadd.mean_calls, 39.0, 3 * std::sqrt((79.0 * 79.0 - 1) / 12 / static_cast<double>(m.find("home-timeline-service", "write-home-timeline")->spans)));

  const double n = static_cast<double>(m.roots);
  ASSERT_GT(n, 1000);
  for (const auto& [ep, share] : std::vector<std::pair<std::string, double>>{{"read-home-timeline", 0.6}, {"read-user-timeline", 0.3}, {"compose-post", 0.1}}) {
    const auto* e = m.find("nginx-thrift", ep);
    ASSERT_NE(e, nullptr) << ep;
    EXPECT_NEAR(static_cast<double>(e->roots) / n, share, 3 * std::sqrt(share * (1 - share) / n)) << ep;
  }
  const double rate = static_cast<double>(m.roots - 1) / (m.last_root_s - m.first_root_s) / 0.05;
  EXPECT_NEAR(rate, 300.0, 3 * std::sqrt(n) / (m.last_root_s - m.first_root_s) / 0.05);
  std::filesystem::remove_all(dir);
}

TEST(TraceRoundTrip, ExportWithoutSpansIsANoteAndABadFormatAProblem) {
  const auto dir = work_dir("msim-trace-export-empty");
  const auto r = msim::api::export_traces(dir, "otlp", "x");
  EXPECT_TRUE(r.problems.empty());
  EXPECT_TRUE(r.written.empty());
  EXPECT_EQ(r.notes.size(), 1u);
  EXPECT_EQ(msim::api::export_traces(dir, "zipkin", "x").problems.size(), 1u);
  std::filesystem::remove_all(dir);
}

TEST(Prometheus, FinalMetricsInTextExpositionFormat) {
  // A partial summary.json: missing keys read as their defaults.
  const auto summary = msim::api::parse_summary(R"({
    "requests": {"browse": {"completed": 90, "failed": 10, "failed_by_cause": {"timeout": 10}, "throughput_rps": 1.5,
                            "latency_ms": {"mean": 20, "p50": 10, "p90": 30, "p99": 50, "p999": 70, "max": 90}},
                 "all": {"completed": 90, "failed": 10, "failed_by_cause": {"timeout": 10}, "throughput_rps": 1.5,
                         "latency_ms": {"mean": 20, "p50": 10, "p90": 30, "p99": 50, "p999": 70, "max": 90}}},
    "services": {"web": {"completed": 100, "failed": 0, "latency_ms": {"mean": 5, "p50": 4, "p90": 8, "p99": 9, "p999": 9.5, "max": 10},
                         "utilization": 0.25, "replicas": {"min": 2, "mean": 2.5, "max": 3}, "queue_length": {"mean": 0.1}}},
    "cost": {"dollars": 1.25}})",
                                                "test summary");
  const auto text = msim::api::prometheus_text(summary);
  for (const char* line : {"# TYPE msim_requests_total counter\n", "msim_requests_total{type=\"browse\",outcome=\"completed\"} 90\n",
                           "msim_requests_total{type=\"all\",outcome=\"failed\"} 10\n",
                           "msim_request_failures_total{type=\"browse\",cause=\"timeout\"} 10\n",
                           "# TYPE msim_request_latency_seconds summary\n", "msim_request_latency_seconds{type=\"browse\",quantile=\"0.99\"} 0.05\n",
                           "msim_request_latency_seconds_sum{type=\"browse\"} 1.8\n", "msim_request_latency_seconds_count{type=\"browse\"} 90\n",
                           "msim_service_utilization{service=\"web\"} 0.25\n", "msim_service_replicas{service=\"web\",stat=\"mean\"} 2.5\n",
                           "msim_service_latency_seconds{service=\"web\",quantile=\"0.5\"} 0.004\n", "msim_cost_dollars 1.25\n"})
    EXPECT_NE(text.find(line), std::string::npos) << line << "\nin:\n" << text;
  // Every line is a comment or `name{labels} value`.
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("# ", 0) == 0) continue;
    const auto brace = line.find('{'), close = line.find("} ");
    ASSERT_EQ(brace == std::string::npos, close == std::string::npos) << line;
    EXPECT_EQ(line.substr(0, 5), "msim_") << line;
    EXPECT_NO_THROW((void)std::stod(line.substr(close == std::string::npos ? line.rfind(' ') + 1 : close + 2))) << line;
  }
}

}  // namespace
