#include "scenario/DistributionText.hpp"

#include <cmath>
#include <fstream>

#include <gtest/gtest.h>

namespace msim::scenario {
namespace {

core::Distribution parse_ok(const std::string& text, ValueKind kind = ValueKind::DURATION) {
  auto p = parse_distribution(text, kind, ".");
  EXPECT_TRUE(p) << text << ": " << p.error;
  return p.value.value_or(core::Distribution{});
}

std::string parse_error(const std::string& text, ValueKind kind = ValueKind::DURATION) {
  auto p = parse_distribution(text, kind, ".");
  EXPECT_FALSE(p) << text;
  return p.error;
}

TEST(DistributionText, EveryFormParses) {
  EXPECT_DOUBLE_EQ(parse_ok("5ms").mean(), 0.005);
  EXPECT_DOUBLE_EQ(parse_ok("constant(2s)").mean(), 2.0);
  EXPECT_DOUBLE_EQ(parse_ok("exponential(4ms)").mean(), 0.004);
  EXPECT_DOUBLE_EQ(parse_ok("exponential(mean=4ms)").mean(), 0.004);
  EXPECT_DOUBLE_EQ(parse_ok("uniform(8s, 15s)").mean(), 11.5);
  EXPECT_NEAR(parse_ok("normal(10ms, 1ms)").mean(), 0.010, 1e-9);
  EXPECT_NEAR(parse_ok("lognormal(mean=5ms, sigma=0.5)").mean(), 0.005, 1e-12);
  EXPECT_NEAR(parse_ok("lognormal(mean=5ms, stddev=2ms)").variance(), 4e-6, 1e-12);
  EXPECT_DOUBLE_EQ(parse_ok("gamma(shape=2, mean=8ms)").mean(), 0.008);
  EXPECT_DOUBLE_EQ(parse_ok("erlang(k=3, mean=3ms)").mean(), 0.003);
  EXPECT_NEAR(parse_ok("weibull(shape=1, scale=2ms)").mean(), 0.002, 1e-12);
  EXPECT_NEAR(parse_ok("pareto(shape=3, scale=1ms)").mean(), 0.0015, 1e-12);
  EXPECT_DOUBLE_EQ(parse_ok("3", ValueKind::NUMBER).mean(), 3.0);
  EXPECT_DOUBLE_EQ(parse_ok("uniform(1, 5)", ValueKind::NUMBER).mean(), 3.0);
}

TEST(DistributionText, LognormalByMedianAndP99HitsBothQuantiles) {
  const auto d = parse_ok("lognormal(median=2ms, p99=20ms)");
  EXPECT_NEAR(d.cdf(0.002), 0.5, 1e-9);
  EXPECT_NEAR(d.cdf(0.020), 0.99, 1e-6);
}

TEST(DistributionText, EmpiricalReadsAFileWithAUnit) {
  const auto path = std::filesystem::temp_directory_path() / "msim-empirical-test.csv";
  std::ofstream(path) << "latency_ms\n1\n2\n3\n4\n";
  const auto d = parse_ok("empirical(" + path.string() + ", unit=ms)");
  EXPECT_NEAR(d.mean(), 0.0025, 1e-12);
  std::filesystem::remove(path);
}

TEST(DistributionText, ErrorsNameTheProblem) {
  EXPECT_NE(parse_error("exponentail(4ms)").find("did you mean 'exponential'"), std::string::npos);
  EXPECT_NE(parse_error("exponential(4)").find("no unit"), std::string::npos);
  EXPECT_NE(parse_error("uniform(5s, 1s)").find("low must be <= high"), std::string::npos);
  EXPECT_NE(parse_error("gamma(shape=2, mena=8ms)").find("did you mean 'mean'"), std::string::npos);
  EXPECT_NE(parse_error("lognormal(median=20ms, p99=2ms)").find("median < p99"), std::string::npos);
  EXPECT_NE(parse_error("empirical(data/nope.csv, unit=ms)").find("not found"), std::string::npos);
  EXPECT_NE(parse_error("exponential(mean=0s)").find("must be > 0"), std::string::npos);
  EXPECT_NE(parse_error("gamma(shape=2").find("quote the whole value"), std::string::npos);
}

}  // namespace
}  // namespace msim::scenario
