// Arrivals replayed from a CSV trace (arrival: { trace: FILE }): request times (time_s) and
// per-second rates (second,rate), and the errors for bad files, located at the scenario key and
// the CSV line.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include <fmt/format.h>

#include "model/Simulation.hpp"
#include "scenario/ScenarioLoader.hpp"

namespace msim::model {
namespace {

namespace fs = std::filesystem;

struct TempDir {
  fs::path dir;
  TempDir() {
    dir = fs::temp_directory_path() / fmt::format("msim-trace-{}", ::testing::UnitTest::GetInstance()->random_seed() ^ reinterpret_cast<std::uintptr_t>(this));
    fs::create_directories(dir);
  }
  ~TempDir() { fs::remove_all(dir); }
  void write(const std::string& name, const std::string& text) const { std::ofstream(dir / name, std::ios::binary) << text; }
};

std::string scenario(const std::string& trace, const std::string& duration = "10s") {
  return fmt::format(R"Y(
seed: 1
duration: {}
services:
  s: {{ workers: 4, endpoints: {{ e: {{ work: 1ms }} }} }}
workload:
  - name: replay
    arrival: {{ trace: {} }}
    call: s.e
)Y", duration, trace);
}

scenario::LoadResult load_in(const TempDir& t, const std::string& yaml) { return scenario::load_scenario_text(yaml, "t.yaml", t.dir); }

nlohmann::ordered_json run(const scenario::ScenarioSpec& spec) {
  Simulation sim(spec, RunOptions{});
  while (!sim.advance(1 << 20)) {
  }
  return sim.summary(0.0);
}

std::string errors(const scenario::LoadResult& r) {
  std::string all;
  for (const auto& d : r.diagnostics) all += d.format() + "\n";
  return all;
}

TEST(ArrivalTrace, ReplaysEachRequestAtItsTime) {
  TempDir t;
  // Five requests; the one at 12 s lies after the end (10 s) and is not sent. Comments and blank
  // lines are skipped, CRLF line ends accepted.
  t.write("times.csv", "# recorded\r\ntime_s\r\n0.5\r\n1.25\r\n1.25\r\n\r\n9.0\r\n12\r\n");
  const auto r = load_in(t, scenario("times.csv"));
  ASSERT_TRUE(r.ok()) << errors(r);
  const auto& w = r.spec->workloads[0];
  EXPECT_EQ(w.arrival, scenario::WorkloadSpec::Arrival::TRACE);
  EXPECT_EQ(w.trace_times, (std::vector<double>{0.5, 1.25, 1.25, 9.0, 12}));
  const auto s = run(*r.spec);
  EXPECT_EQ(s["requests"]["all"]["completed"].get<long long>(), 4);
  EXPECT_NEAR(s["requests"]["all"]["latency_ms"]["max"].get<double>(), 1.0, 1e-6);  // 4 workers: no waiting
}

TEST(ArrivalTrace, PerSecondRatesBecomeASteppedPoissonProfile) {
  TempDir t;
  t.write("rates.csv", "second,rate\n0,100\n1,300\n3,200\n");  // second 2 missing: no requests
  const auto r = load_in(t, scenario("rates.csv", "1000s"));
  ASSERT_TRUE(r.ok()) << errors(r);
  const auto& w = r.spec->workloads[0];
  EXPECT_EQ(w.arrival, scenario::WorkloadSpec::Arrival::POISSON);
  EXPECT_EQ(w.rate.steps, (std::vector<std::pair<double, double>>{{0, 100}, {1, 300}, {2, 0}, {3, 200}, {4, 0}}));
  // 600 requests expected in all, nothing after second 4.
  const auto s = run(*r.spec);
  const auto n = s["requests"]["all"]["completed"].get<long long>();
  EXPECT_NEAR(static_cast<double>(n), 600, 4 * std::sqrt(600.0));
}

TEST(ArrivalTrace, TheShippedExampleReplays) {
  TempDir t;
  const auto r = load_in(t, scenario(std::string(MSIM_SOURCE_DIR) + "/data/arrivals-example.csv", "60s"));
  ASSERT_TRUE(r.ok()) << errors(r);
  const auto rows = r.spec->workloads[0].trace_times.size();
  EXPECT_GT(rows, 1500u);
  EXPECT_EQ(run(*r.spec)["requests"]["all"]["completed"].get<std::size_t>(), rows);
  const auto rates = load_in(t, scenario(std::string(MSIM_SOURCE_DIR) + "/data/arrival-rates-example.csv"));
  ASSERT_TRUE(rates.ok()) << errors(rates);
}

struct BadTrace {
  const char* name;
  const char* csv;  // nullptr: the file does not exist
  const char* message;
};

TEST(ArrivalTrace, BadFilesAreLocatedAtTheKeyAndTheCsvLine) {
  const BadTrace cases[] = {
      {"missing", nullptr, "t.yaml:8:23: workload.replay.arrival.trace: arrival trace 'f.csv' not found"},
      {"no_header", "0.5\n1\n", "f.csv:1: expected a header: 'time_s'"},
      {"bad_time", "time_s\n0.5\nsoon\n", "f.csv:3: 'soon' is not a time in seconds"},
      {"decreasing", "time_s\n2\n1\n", "f.csv:3: the times must not decrease"},
      {"bad_rate", "second,rate\n0,10\n1,fast\n", "f.csv:3: 'fast' is not a rate"},
      {"fraction_second", "second,rate\n0.5,10\n", "f.csv:2: '0.5' is not a second"},
      {"seconds_repeat", "second,rate\n0,10\n0,20\n", "f.csv:3: the seconds must increase"},
      {"empty", "# nothing\n", "the arrival trace is empty"},
      {"no_rows", "time_s\n", "has no requests"},
      {"all_zero", "second,rate\n0,0\n", "every rate is 0"},
  };
  for (const auto& c : cases) {
    TempDir t;
    if (c.csv) t.write("f.csv", c.csv);
    const auto r = load_in(t, scenario("f.csv"));
    EXPECT_FALSE(r.ok()) << c.name;
    const auto all = errors(r);
    EXPECT_NE(all.find(c.message), std::string::npos) << c.name << ": expected " << c.message << "\ngot:\n" << all;
    EXPECT_NE(all.find("t.yaml:8:23"), std::string::npos) << c.name << ": located at the trace key\n" << all;
  }
}

TEST(ArrivalTrace, ConflictsWithRateUsersAndThink) {
  TempDir t;
  t.write("f.csv", "time_s\n1\n");
  const auto with_rate = load_in(t, R"Y(
services: { s: { endpoints: { e: { work: 1ms } } } }
workload: [ { name: w, rate: 5/s, arrival: { trace: f.csv }, call: s.e } ]
)Y");
  EXPECT_NE(errors(with_rate).find("leave out 'rate'"), std::string::npos) << errors(with_rate);
  const auto unknown = load_in(t, R"Y(
services: { s: { endpoints: { e: { work: 1ms } } } }
workload: [ { name: w, arrival: { trac: f.csv }, call: s.e } ]
)Y");
  EXPECT_NE(errors(unknown).find("unknown key 'trac'; did you mean 'trace'?"), std::string::npos) << errors(unknown);
}

}  // namespace
}  // namespace msim::model
