#include "metrics/Histogram.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace msim::metrics {
namespace {

double exact_quantile(std::vector<std::int64_t> v, double q) {
  std::sort(v.begin(), v.end());
  const auto rank = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size()))));
  return static_cast<double>(v[rank - 1]);
}

TEST(Histogram, QuantilesAreWithinOnePercentOfExact) {
  std::mt19937_64 rng(42);
  std::lognormal_distribution<double> latency(std::log(5e6), 1.2);  // ns: median 5 ms, heavy tail
  std::vector<std::int64_t> values;
  Histogram h;
  for (int i = 0; i < 200000; ++i) {
    const auto v = static_cast<std::int64_t>(latency(rng));
    values.push_back(v);
    h.record(v);
  }
  for (const double q : {0.0, 0.1, 0.5, 0.9, 0.99, 0.999, 1.0}) {
    const double exact = exact_quantile(values, q);
    EXPECT_LE(std::abs(h.quantile(q) - exact) / exact, 0.002) << "q=" << q;  // the bound is 0.8 %; smooth data do far better
  }
  EXPECT_EQ(h.count(), 200000u);
  EXPECT_EQ(h.max(), *std::max_element(values.begin(), values.end()));
  EXPECT_EQ(h.min(), *std::min_element(values.begin(), values.end()));
}

TEST(Histogram, BucketsNeverExceedTheRelativeErrorBound) {
  for (std::int64_t v : {1LL, 127LL, 128LL, 255LL, 256LL, 257LL, 1000LL, 123456789LL, 1LL << 40, (1LL << 62) + 12345}) {
    const auto b = Histogram::bucket_of(v);
    const auto low = Histogram::bucket_low(b);
    const auto width = Histogram::bucket_width(b);
    EXPECT_LE(low, v);
    EXPECT_LT(v, low + width);
    if (v < 256) EXPECT_EQ(width, 1) << "small values are exact";
    else EXPECT_LE(static_cast<double>(width) / static_cast<double>(low), 1.0 / 128) << v;
  }
}

TEST(Histogram, SmallValuesAreExact) {
  Histogram h;
  for (int v = 0; v < 100; ++v) h.record(v);
  EXPECT_EQ(h.quantile(0.5), 49.0);
  EXPECT_EQ(h.quantile(1.0), 99.0);
  EXPECT_DOUBLE_EQ(h.mean(), 49.5);
}

TEST(Histogram, MergeEqualsRecordingEverythingInOne) {
  Histogram a, b, all;
  for (int i = 0; i < 1000; ++i) {
    const std::int64_t v = 1000 + i * 997;
    (i % 2 ? a : b).record(v);
    all.record(v);
  }
  b.record(5);  // a range below a's
  all.record(5);
  a.merge(b);
  EXPECT_EQ(a.count(), all.count());
  for (const double q : {0.01, 0.5, 0.99}) EXPECT_EQ(a.quantile(q), all.quantile(q));
  EXPECT_EQ(a.min(), 5);
}

TEST(Histogram, EmptyAndResetReportZero) {
  Histogram h;
  EXPECT_EQ(h.quantile(0.99), 0.0);
  h.record(12345);
  h.reset();
  EXPECT_EQ(h.count(), 0u);
  EXPECT_EQ(h.quantile(0.5), 0.0);
  EXPECT_EQ(h.mean(), 0.0);
}

}  // namespace
}  // namespace msim::metrics
