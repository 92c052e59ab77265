// msim import alibaba: the call graph, call probabilities, service times and rate of the shipped
// sample (made with known parameters: see data/README.md), and located errors for bad files.
#include "importers/AlibabaImporter.hpp"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

namespace msim::importers {
namespace {

const std::string SAMPLE = std::string(MSIM_SOURCE_DIR) + "/data/alibaba-callgraph-sample.csv";

// "lognormal(median=1.054ms, p99=4.135ms)" -> the median in ms.
double median_ms(const std::string& work) {
  const auto at = work.find("median=") + 7;
  const double value = std::stod(work.substr(at));
  const auto unit = work.substr(at + work.substr(at).find_first_not_of("0123456789.e-"), 2);
  return unit == "us" ? value / 1000 : unit == "ms" ? value : value * 1000;
}

TEST(AlibabaImporter, TheSampleGivesBackItsCallGraph) {
  const auto r = import_alibaba_file(SAMPLE, "sample.yaml");
  ASSERT_TRUE(r.problems.empty()) << r.problems.front();
  const auto s = YAML::Load(r.yaml);
  const auto services = s["services"];
  ASSERT_EQ(services.size(), 5u);
  const auto home = services["ms-gateway"]["endpoints"]["home"];
  ASSERT_EQ(home["calls"].size(), 2u);
  // The order of the calls follows the rpcids: user first, then cart.
  EXPECT_EQ(home["calls"][0]["call"].as<std::string>(), "ms-user.get");
  EXPECT_EQ(home["calls"][1]["call"].as<std::string>(), "ms-cart.list");
  // Made with probability 0.5 (cart) and 0.2 (mysql) over 400 traces: within 3 sigma.
  auto percent = [](const YAML::Node& n) { return std::stod(n["probability"].as<std::string>()) / 100; };
  EXPECT_NEAR(percent(home["calls"][1]), 0.5, 3 * 0.025);
  EXPECT_NEAR(percent(services["ms-user"]["endpoints"]["get"]["calls"][0]), 0.2, 3 * 0.02);
  EXPECT_EQ(services["ms-cart"]["endpoints"]["list"]["calls"][0]["count"].as<int>(), 2);
  // Self times were lognormal with medians e^0.7, e^0, e^-0.3, e^-2.3 ms.
  EXPECT_NEAR(median_ms(home["work"].as<std::string>()) / std::exp(0.7), 1.0, 0.1);
  EXPECT_NEAR(median_ms(services["ms-cart"]["endpoints"]["list"]["work"].as<std::string>()), 1.0, 0.15);
  EXPECT_NEAR(median_ms(services["ms-user"]["endpoints"]["get"]["work"].as<std::string>()) / std::exp(-0.3), 1.0, 0.1);
  EXPECT_NEAR(median_ms(services["ms-redis"]["endpoints"]["get"]["work"].as<std::string>()) / std::exp(-2.3), 1.0, 0.1);
  // 400 traces at 20/s.
  const double rate = std::stod(s["workload"][0]["rate"].as<std::string>());
  EXPECT_NEAR(rate, 20.0, 3.0);
}

TEST(AlibabaImporter, BadFilesAreLocated) {
  struct Bad {
    std::string text, message;
  };
  for (const Bad& b : {Bad{"", "x.csv:1: empty file"},
                       Bad{"traceid,rpcid,um,dn,rt\n", "x.csv:1: no 'dm' column (MSCallGraph needs traceid, rpcid, um, dm, rt); did you mean 'dn'?"},
                       Bad{"traceid,rpcid,um,dm,rt\nT1,0.1,USER,a,fast\n", "x.csv:2: rt 'fast' or timestamp is not a number"},
                       Bad{"traceid,rpcid,um,dm,rt\nT1,0.1,USER\n", "x.csv:2: 3 cells, the header has 5"},
                       Bad{"traceid,rpcid,um,dm,rt\n", "x.csv:2: no call rows after the header"}}) {
    const auto r = import_alibaba({"x.csv", b.text}, "out.yaml");
    ASSERT_FALSE(r.problems.empty()) << b.text;
    EXPECT_EQ(r.problems.front().rfind(b.message, 0), 0u) << r.problems.front();
    EXPECT_TRUE(r.yaml.empty());
  }
}

}  // namespace
}  // namespace msim::importers
