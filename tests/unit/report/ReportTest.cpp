// msim report's library: reading results folders, building charts, drawing them as SVG.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>

#include <nlohmann/json.hpp>

#include "report/Axis.hpp"
#include "report/CompareCharts.hpp"
#include "report/Csv.hpp"
#include "report/HtmlReport.hpp"
#include "report/Palette.hpp"
#include "report/PngRender.hpp"
#include "report/Report.hpp"
#include "report/ReportData.hpp"
#include "report/RunCharts.hpp"
#include "report/SvgChart.hpp"
#include "report/SweepCharts.hpp"

namespace msim::report {
namespace {

namespace fs = std::filesystem;

void write(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << text;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

// The points of each <polyline> in an SVG, in order.
std::vector<std::size_t> polyline_points(const std::string& svg) {
  std::vector<std::size_t> out;
  const std::regex polyline("<polyline points=\"([^\"]*)\"");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), polyline); it != std::sregex_iterator(); ++it) {
    const std::string points = (*it)[1];
    out.push_back(points.empty() ? 0 : static_cast<std::size_t>(std::count(points.begin(), points.end(), ' ')) + 1);
  }
  return out;
}

class TinyRun : public ::testing::Test {
protected:
  fs::path dir = fs::temp_directory_path() / fmt_dir();
  static std::string fmt_dir() { return "msim-report-test-" + std::to_string(::getpid()) + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name(); }

  void SetUp() override {
    fs::remove_all(dir);
    // Two services, four 5 s intervals; nothing completed in the third, so it has no latency rows.
    nlohmann::ordered_json s;
    s["schema_version"] = 1;
    s["scenario"] = "tiny";
    s["seed"] = 1;
    s["sim_time_s"] = 20;
    s["warmup_s"] = 0;
    s["requests"]["all"] = {{"completed", 90}, {"failed", 10}, {"throughput_rps", 4.5},
                            {"latency_ms", {{"mean", 5}, {"p50", 4}, {"p90", 8}, {"p99", 12}, {"p999", 13}, {"max", 14}}},
                            {"slo", {{"objective_ms", 20}, {"percentile", 99}, {"attainment", 0.9}}}};
    s["services"]["front"] = {{"utilization", 0.5}, {"replicas", {{"min", 1}, {"mean", 2}, {"max", 3}}}, {"calls_to", {"back"}},
                              {"latency_ms", {{"p50", 4}, {"p99", 12}}}};
    s["services"]["back"] = {{"utilization", 0.25}, {"replicas", {{"min", 1}, {"mean", 1}, {"max", 1}}}, {"calls_to", nlohmann::json::array()},
                             {"latency_ms", {{"p50", 1}, {"p99", 2}}}};
    write(dir / "summary.json", s.dump(2));
    std::string ts = "time_s,metric,service,endpoint,request_type,value\n";
    for (int t : {5, 10, 15, 20}) {
      ts += std::to_string(t) + ",throughput_rps,,,all,4\n";
      ts += std::to_string(t) + ",failed_rps,,,all,1\n";
      if (t != 15)
        for (const char* p : {"p50", "p90", "p99"}) ts += std::to_string(t) + ",latency_ms." + p + ",,,all," + std::to_string(t) + "\n";
      ts += std::to_string(t) + ",utilization,front,,,0.5\n";
      ts += std::to_string(t) + ",replicas,front,,," + (t < 10 ? "1" : "3") + "\n";
      ts += std::to_string(t) + ",rejected,front,,,5\n";
      ts += std::to_string(t) + ",utilization,back,,,0.25\n";
      ts += std::to_string(t) + ",replicas,back,,,1\n";
      ts += std::to_string(t) + ",throughput_rps,front,\"GET /a, b\",,4\n";  // an endpoint row, quoted: left out
    }
    write(dir / "timeseries.csv", ts);
    write(dir / "events.csv",
          "time_s,id,kind,service,target,before,after,reason\n"
          "7,,scale,front,hpa,1,3,\"cpu 1.5/target -> 3\"\n"
          "8,,scale,front,hpa,3,3,within tolerance\n"
          "11,f0,crash,back,back-0,up,down,instance crash\n"
          "16,f0,recover,back,back-0,down,up,restored\n");
  }
  void TearDown() override { fs::remove_all(dir); }
};

TEST(Csv, QuotedFieldsKeepCommasQuotesAndLineBreaks) {
  const auto t = parse_csv("a,b,c\n1,\"x, \"\"y\"\"\",\"two\nlines\"\r\n,,\n");
  ASSERT_EQ(t.header, (std::vector<std::string>{"a", "b", "c"}));
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0][1], "x, \"y\"");
  EXPECT_EQ(t.rows[0][2], "two\nlines");
  EXPECT_EQ(t.rows[1], (std::vector<std::string>{"", "", ""}));
  EXPECT_EQ(t.column("c"), 2u);
  EXPECT_FALSE(t.column("d"));
}

TEST(Axis, TimeLabelsReadMinutesOrHours) {
  EXPECT_EQ(format_time(125, false), "2:05");
  EXPECT_EQ(format_time(0, false), "0:00");
  EXPECT_EQ(format_time(3725, true), "1:02");
  EXPECT_FALSE(hours_format(3599));
  EXPECT_TRUE(hours_format(86400));
  const auto t = time_ticks(20);
  EXPECT_EQ(t.values, (std::vector<double>{0, 5, 10, 15, 20}));
  const auto day = time_ticks(86400);
  EXPECT_LE(day.values.size(), 9u);
  EXPECT_GE(day.values.size(), 4u);
}

TEST(Axis, NiceTicksCoverTheRangeAtRoundSteps) {
  const auto t = nice_ticks(0, 37, 5);
  EXPECT_EQ(t.values, (std::vector<double>{0, 10, 20, 30, 40}));
  EXPECT_EQ(nice_ticks(0, 0.0042, 5).decimals, 3);
  EXPECT_EQ(format_value(1092.83), "1093");
  EXPECT_EQ(format_value(0.001906, 2), "0.0019");
  EXPECT_EQ(format_value(86.586, 4), "86.59");
}

TEST(Palette, TwentyEightDistinctColoursStartingWithTheGuis) {
  EXPECT_EQ(category_color(0), "#1f77b4");
  EXPECT_EQ(category_color(9), "#d62728");
  std::set<std::string> distinct;
  for (std::size_t i = 0; i < category_count(); ++i) distinct.insert(category_color(i));
  EXPECT_EQ(distinct.size(), category_count());
  EXPECT_GE(category_count(), 22u);  // social-network's services
}

TEST_F(TinyRun, ReadsSeriesEventsAndTheTimeGrid) {
  EXPECT_EQ(detect_folder(dir), FolderKind::RUN);
  const RunData run = read_run(dir);
  EXPECT_EQ(run.services, (std::vector<std::string>{"front", "back"}));
  EXPECT_EQ(run.times, (std::vector<double>{5, 10, 15, 20}));
  EXPECT_EQ(run.series("latency_ms.p99", "", "all").size(), 3u);
  EXPECT_EQ(run.series("replicas", "front").size(), 4u);
  EXPECT_TRUE(run.series("throughput_rps", "front").empty());  // only endpoint rows had it
  EXPECT_EQ(run.events.size(), 4u);
  EXPECT_EQ(run.events[0].reason, "cpu 1.5/target -> 3");
  EXPECT_EQ(run.slo_ms(), 20);
  const auto grid = on_time_grid(run, run.series("latency_ms.p99", "", "all"));
  ASSERT_EQ(grid.size(), 4u);
  EXPECT_TRUE(std::isnan(grid[2].y));
}

TEST_F(TinyRun, LatencyChartHasOnePointPerIntervalBrokenWhereNothingCompleted) {
  const auto charts = run_time_charts(read_run(dir));
  ASSERT_EQ(charts.size(), 4u);
  const auto& latency = charts[0];
  EXPECT_EQ(latency.id, "latency");
  ASSERT_TRUE(latency.threshold);
  EXPECT_EQ(latency.threshold->y, 20);
  const std::string svg = render_svg(latency);
  // p50, p90, p99: each 2 points, a gap (the interval ending at 15 s), then 1 point.
  EXPECT_EQ(polyline_points(svg), (std::vector<std::size_t>{2, 1, 2, 1, 2, 1}));
  EXPECT_NE(svg.find(">latency (ms)</text>"), std::string::npos);
  EXPECT_NE(svg.find(">simulated time (m:ss)</text>"), std::string::npos);
  for (const char* tick : {">0:00<", ">0:05<", ">0:10<", ">0:15<", ">0:20<"}) EXPECT_NE(svg.find(tick), std::string::npos) << tick;
  EXPECT_NE(svg.find(">SLO 20 ms</text>"), std::string::npos);
  EXPECT_EQ(count(svg, "fill-opacity=\"0.16\""), 1u);  // the crash, shaded
  EXPECT_NE(svg.find("crash back back-0 from 0:11: instance crash (until 0:16)"), std::string::npos);
}

TEST_F(TinyRun, ReplicasChartMarksOnlyDecisionsThatChangedTheCount) {
  const auto charts = run_time_charts(read_run(dir));
  const auto& replicas = charts[2];
  ASSERT_EQ(replicas.markers.size(), 1u);
  EXPECT_EQ(replicas.markers[0].x, 7);
  EXPECT_EQ(replicas.markers[0].y, 3);
  const std::string svg = render_svg(replicas);
  EXPECT_EQ(polyline_points(svg), (std::vector<std::size_t>{4, 4}));
  EXPECT_NE(svg.find("front scaled 1 → 3 (hpa)"), std::string::npos);
  EXPECT_NE(svg.find(">replicas (instances)</text>"), std::string::npos);
  EXPECT_NE(svg.find(">front</text>"), std::string::npos);  // the legend names every service
  EXPECT_NE(svg.find(">back</text>"), std::string::npos);
  // Throughput: completed, failed, and rejected calls per second (5 per 5 s interval).
  const auto& throughput = charts[1];
  ASSERT_EQ(throughput.series.size(), 3u);
  EXPECT_EQ(throughput.series[2].name, "rejected/s");
  EXPECT_EQ(throughput.series[2].points[1].y, 1);
  // Utilization in percent.
  EXPECT_EQ(charts[3].series[0].points[0].y, 50);
}

TEST_F(TinyRun, ServiceGraphFromCallsTo) {
  const auto nodes = graph_nodes(read_run(dir).summary);
  ASSERT_EQ(nodes.size(), 2u);
  EXPECT_EQ(nodes[0].calls_to, (std::vector<std::string>{"back"}));
  auto summary = read_run(dir).summary;
  summary["services"]["back"].erase("calls_to");
  EXPECT_TRUE(graph_nodes(summary).empty());  // an older folder: no edges, none invented
}

TEST_F(TinyRun, PageAndImages) {
  const auto written = write_report(dir, {}, Format::HTML);
  ASSERT_EQ(written.files.size(), 1u);
  EXPECT_EQ(written.files[0], dir / "report.html");
  std::ifstream in(dir / "report.html");
  const std::string html((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(count(html, "<svg "), 5u);  // four charts and the graph
  for (const char* outside : {"src=\"http", "href=\"http", "url(http", "@import"}) EXPECT_EQ(html.find(outside), std::string::npos) << outside;
  const auto svgs = write_report(dir, dir / "out" / "charts.html", Format::SVG);
  EXPECT_EQ(svgs.files.size(), 5u);
  EXPECT_TRUE(fs::exists(dir / "out" / "charts" / "latency.svg"));
  const auto pngs = write_report(dir, {}, Format::PNG);
  ASSERT_EQ(pngs.files.size(), 5u);
  std::ifstream png(dir / "report" / "latency.png", std::ios::binary);
  char magic[4] = {};
  png.read(magic, 4);
  EXPECT_EQ(std::string(magic + 1, 3), "PNG");
}

TEST(ReportData, AFolderMsimDidNotWriteNamesWhatIsMissing) {
  const fs::path dir = fs::temp_directory_path() / ("msim-report-empty-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  try {
    detect_folder(dir);
    FAIL() << "no error";
  } catch (const ReportError& e) {
    EXPECT_NE(std::string(e.what()).find("summary.json"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("compare.json"), std::string::npos);
  }
  write(dir / "summary.json", "{}");
  try {
    detect_folder(dir);
    FAIL() << "no error";
  } catch (const ReportError& e) {
    EXPECT_NE(std::string(e.what()).find("no timeseries.csv"), std::string::npos);
  }
  fs::remove_all(dir);
}

TEST(CompareCharts, ParetoOptimalStrategiesAndTheRecommendation) {
  CompareData d;
  auto metric = [](double mean, double ci) { return nlohmann::ordered_json{{"mean", mean}, {"ci95", ci}}; };
  d.table["static"] = {{"slo_attainment", metric(0.99, 0.01)}, {"p99_ms", metric(90, 1)}, {"cost_dollars", metric(0.9, 0)}};
  d.table["hpa"] = {{"slo_attainment", metric(0.85, 0.04)}, {"p99_ms", metric(1000, 10)}, {"cost_dollars", metric(0.5, 0.05)}};
  d.table["tt"] = {{"slo_attainment", metric(0.87, 0.03)}, {"p99_ms", metric(1000, 10)}, {"cost_dollars", metric(0.4, 0.01)}};
  d.strategies = {"static", "hpa", "tt"};
  EXPECT_TRUE(pareto_uses_slo(d));
  EXPECT_EQ(pareto_optimal(d), (std::vector<std::string>{"static", "tt"}));
  const auto bars = compare_bars(d);
  ASSERT_EQ(bars.size(), 3u);  // p99, SLO attainment, cost (no error_rate, no replicas_mean)
  EXPECT_EQ(bars[1].bars[0].value, 99);
  const std::string svg = render_svg(pareto_chart(d));
  EXPECT_NE(svg.find("tt (Pareto-optimal)"), std::string::npos);
  EXPECT_EQ(svg.find("hpa (Pareto-optimal)"), std::string::npos);
  EXPECT_NE(svg.find(">cost ($)</text>"), std::string::npos);

  // Without an SLO the plot uses p99, lower being better.
  for (const auto& s : d.strategies) d.table[s].erase("slo_attainment");
  EXPECT_FALSE(pareto_uses_slo(d));
  EXPECT_EQ(pareto_optimal(d), (std::vector<std::string>{"static", "tt"}));
}

TEST(SweepCharts, OneLinePerOtherValueAndAHeatMap) {
  SweepData d;
  d.parameters = {"rate", "replicas"};
  d.points = parse_csv(
      "point,rate,replicas,runs,failed,requests.all.latency_ms.p99.mean,requests.all.latency_ms.p99.ci95\n"
      "0,200/s,2,3,0,20,1\n1,200/s,3,3,0,18,1\n2,400/s,2,3,0,40,2\n3,400/s,3,3,0,30,2\n4,800/s,2,3,0,90,5\n5,800/s,3,3,0,50,4\n");
  EXPECT_EQ(sweep_x_parameter(d), 0u);  // rate: three values, numeric
  const auto charts = sweep_line_charts(d);
  ASSERT_EQ(charts.size(), 1u);
  ASSERT_EQ(charts[0].series.size(), 2u);
  EXPECT_EQ(charts[0].series[0].name, "replicas = 2");
  EXPECT_EQ(charts[0].series[0].points[2].x, 800);
  EXPECT_EQ(charts[0].series[0].errors[2], 5);
  EXPECT_EQ(charts[0].x_title, "rate (/s)");
  const std::string svg = render_svg(charts[0]);
  EXPECT_EQ(polyline_points(svg), (std::vector<std::size_t>{3, 3}));
  const auto heat = sweep_heat_map(d);
  ASSERT_TRUE(heat);
  EXPECT_EQ(heat->x_labels, (std::vector<std::string>{"200/s", "400/s", "800/s"}));
  EXPECT_EQ(heat->values[1][2], 50);
  EXPECT_NE(render_svg(*heat).find(">90<"), std::string::npos);
}

TEST(PngRender, LibrsvgRendersTheSvgAtTwiceItsSize) {
  const std::string png = svg_to_png("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"5\"><rect width=\"10\" height=\"5\" fill=\"#f00\"/></svg>");
  ASSERT_GT(png.size(), 24u);
  EXPECT_EQ(png.substr(1, 3), "PNG");
  // Width and height are big-endian at bytes 16 and 20 of the IHDR chunk.
  auto be32 = [&](std::size_t at) {
    return (static_cast<unsigned char>(png[at]) << 24) | (static_cast<unsigned char>(png[at + 1]) << 16) |
           (static_cast<unsigned char>(png[at + 2]) << 8) | static_cast<unsigned char>(png[at + 3]);
  };
  EXPECT_EQ(be32(16), 20);
  EXPECT_EQ(be32(20), 10);
  EXPECT_THROW(svg_to_png("not svg"), std::runtime_error);
}

}  // namespace
}  // namespace msim::report
