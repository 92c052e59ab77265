#include "scenario/Units.hpp"

#include <gtest/gtest.h>

namespace msim::scenario {
namespace {

TEST(Units, DurationsInEveryUnit) {
  EXPECT_DOUBLE_EQ(*parse_duration("250us").value, 250e-6);
  EXPECT_DOUBLE_EQ(*parse_duration("5ms").value, 0.005);
  EXPECT_DOUBLE_EQ(*parse_duration("2s").value, 2.0);
  EXPECT_DOUBLE_EQ(*parse_duration("1.5m").value, 90.0);
  EXPECT_DOUBLE_EQ(*parse_duration("1h").value, 3600.0);
  EXPECT_DOUBLE_EQ(*parse_duration("1d").value, 86400.0);
  EXPECT_DOUBLE_EQ(*parse_duration("10ns").value, 1e-8);
  EXPECT_DOUBLE_EQ(*parse_duration(" 3 s ").value, 3.0);
}

TEST(Units, DurationErrorsSayWhatIsValid) {
  EXPECT_NE(parse_duration("5").error.find("has no unit"), std::string::npos);
  EXPECT_NE(parse_duration("5 parsecs").error.find("unknown time unit 'parsecs'"), std::string::npos);
  EXPECT_NE(parse_duration("fast").error.find("is not a duration"), std::string::npos);
  EXPECT_NE(parse_duration("-1s").error.find("cannot be negative"), std::string::npos);
}

TEST(Units, Rates) {
  EXPECT_DOUBLE_EQ(*parse_rate("200/s").value, 200.0);
  EXPECT_DOUBLE_EQ(*parse_rate("12k/min").value, 200.0);
  EXPECT_DOUBLE_EQ(*parse_rate("1.8M/h").value, 500.0);
  EXPECT_DOUBLE_EQ(*parse_rate("5/ms").value, 5000.0);
  EXPECT_FALSE(parse_rate("200"));
  EXPECT_FALSE(parse_rate("200/fortnight"));
  EXPECT_FALSE(parse_rate("2x/s"));
  EXPECT_NE(parse_rate("200").error.find("200/s"), std::string::npos);
}

TEST(Units, CpuAndMemoryAsKubernetesWritesThem) {
  EXPECT_DOUBLE_EQ(*parse_cpu("500m").value, 0.5);
  EXPECT_DOUBLE_EQ(*parse_cpu("2").value, 2.0);
  EXPECT_DOUBLE_EQ(*parse_cpu("0.25").value, 0.25);
  EXPECT_FALSE(parse_cpu("0"));
  EXPECT_FALSE(parse_cpu("2cores"));
  EXPECT_DOUBLE_EQ(*parse_memory("512Mi").value, 512.0 * 1024 * 1024);
  EXPECT_DOUBLE_EQ(*parse_memory("1G").value, 1e9);
  EXPECT_DOUBLE_EQ(*parse_memory("1024").value, 1024.0);
  EXPECT_FALSE(parse_memory("1GB"));
}

TEST(Units, Fractions) {
  EXPECT_DOUBLE_EQ(*parse_fraction("10%").value, 0.1);
  EXPECT_DOUBLE_EQ(*parse_fraction("0.25").value, 0.25);
  EXPECT_FALSE(parse_fraction("150%"));
  EXPECT_FALSE(parse_fraction("-0.1"));
  EXPECT_FALSE(parse_fraction("half"));
}

}  // namespace
}  // namespace msim::scenario
