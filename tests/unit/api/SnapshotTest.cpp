// Session::take_snapshot: the rows a front end receives are the rows timeseries.csv and
// events.csv hold, and they exist without any output folder.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <msim/Scenario.hpp>
#include <msim/Session.hpp>

namespace {

std::string quickstart() { return std::string(MSIM_SOURCE_DIR) + "/scenarios/quickstart.yaml"; }

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Collected {
  std::string timeseries = "time_s,metric,service,endpoint,request_type,value\n";
  std::string events = "time_s,id,kind,service,target,before,after,reason\n";
  std::size_t rows = 0;
};

Collected run(const msim::api::SessionOptions& options) {
  auto open = msim::api::Session::open(quickstart(), options);
  EXPECT_TRUE(open.problems.empty());
  Collected c;
  auto drain = [&] {
    for (const auto& r : open.session->take_snapshot().rows) {
      c.timeseries += fmt::format("{},{},{},{},{},{}\n", r.time_s, r.metric, r.service, csv_field(r.endpoint), csv_field(r.request_type), r.value);
      ++c.rows;
    }
  };
  while (!open.session->step(10000)) drain();
  drain();
  open.session->finish();
  return c;
}

TEST(SnapshotTest, RowsEqualTheCsvFilesForTheSameSeed) {
  const auto dir = std::filesystem::temp_directory_path() / fmt::format("msim-snapshot-{}", ::getpid());
  msim::api::SessionOptions options;
  options.seed = 7;
  options.duration = "40s";
  options.out_dir = dir;
  options.keep_rows = true;
  const auto c = run(options);
  EXPECT_GT(c.rows, 50u);
  EXPECT_EQ(c.timeseries, read_file(dir / "timeseries.csv"));
  std::filesystem::remove_all(dir);
}

TEST(SnapshotTest, RowsExistWithoutFilesAndOnlyWhenAsked) {
  msim::api::SessionOptions options;
  options.seed = 7;
  options.duration = "20s";
  options.keep_rows = true;
  EXPECT_GT(run(options).rows, 50u);
  options.keep_rows = false;
  EXPECT_EQ(run(options).rows, 0u);
}

TEST(SnapshotTest, EventRowsCarryScalingDecisions) {
  msim::api::SessionOptions options;
  options.keep_rows = true;
  options.duration = "12m";
  auto open = msim::api::Session::open(std::string(MSIM_SOURCE_DIR) + "/scenarios/scaling/flash-crowd.yaml", options);
  ASSERT_TRUE(open.problems.empty());
  std::size_t scale = 0;
  while (true) {
    const bool done = open.session->step(100000);
    for (const auto& e : open.session->take_snapshot().event_rows) scale += e.kind == "scale" && !e.reason.empty() ? 1 : 0;
    if (done) break;
  }
  EXPECT_GT(scale, 0u);
}

TEST(SnapshotTest, ServiceGraphHasDepthsAndCalls) {
  const auto g = msim::api::service_graph(quickstart());
  ASSERT_TRUE(g.problems.empty());
  ASSERT_EQ(g.services.size(), 4u);
  EXPECT_EQ(g.services[0].name, "frontend");
  EXPECT_EQ(g.services[0].depth, 0);
  EXPECT_EQ(g.services[0].replicas, 3);
  EXPECT_EQ(g.services[3].name, "db");
  EXPECT_EQ(g.services[3].depth, 2);
  EXPECT_EQ(g.calls.size(), 3u);
}

TEST(SnapshotTest, ValidateTextNamesThePathGiven) {
  const auto problems = msim::api::validate_text("name: x\nduration: 1m\nservices:\n  a: { replicas: 1, workerz: 2 }\n", "dir/edited.yaml");
  ASSERT_FALSE(problems.empty());
  bool at_line_4 = false;
  for (const auto& p : problems) {
    EXPECT_EQ(p.rfind("dir/edited.yaml:", 0), 0u) << p;
    at_line_4 = at_line_4 || (p.rfind("dir/edited.yaml:4:", 0) == 0 && p.find("workerz") != std::string::npos);
  }
  EXPECT_TRUE(at_line_4);
}

}  // namespace
