#pragma once
/** @file
 *  @brief Streaming log-linear histogram of non-negative integers (latencies in ns).
 */
#include <cstdint>
#include <vector>

namespace msim::metrics {

/**
 * @brief Log-bucketed histogram: 128 linear sub-buckets per power of two.
 *
 * A bucket's width is at most 1/128 of its lower bound, and a quantile is interpolated inside its
 * bucket by rank (then clamped to the exact min and max), so the relative error is below 0.8 %
 * (< 1 %), and much smaller for smooth distributions. Values below 256 are exact. Buckets are allocated only over the range of values seen, so a
 * histogram of millisecond latencies in nanoseconds holds a few hundred counters.
 * record() is O(1) amortized; quantile() is O(number of buckets in range).
 */
class Histogram {
public:
  void record(std::int64_t value);
  void merge(const Histogram& other);
  void reset();

  std::uint64_t count() const { return count_; }
  std::int64_t min() const { return count_ ? min_ : 0; }
  std::int64_t max() const { return count_ ? max_ : 0; }
  double mean() const { return count_ ? sum_ / static_cast<double>(count_) : 0.0; }
  /** Nearest-rank quantile, q in [0, 1]; 0 when empty. */
  double quantile(double q) const;
  /** How many recorded values are <= `value` (exact below 256, else within a bucket's width). */
  std::uint64_t count_at_or_below(std::int64_t value) const;

  static constexpr unsigned SUB_BITS = 7;
  static constexpr std::uint32_t SUB_COUNT = 1u << SUB_BITS;
  static std::uint32_t bucket_of(std::int64_t value);
  static std::int64_t bucket_low(std::uint32_t bucket);
  static std::int64_t bucket_width(std::uint32_t bucket);

private:
  std::vector<std::uint64_t> counts_;  // counts_[i] is bucket first_ + i
  std::uint32_t first_ = 0;
  std::uint64_t count_ = 0;
  double sum_ = 0;
  std::int64_t min_ = 0;
  std::int64_t max_ = 0;
};

}  // namespace msim::metrics
