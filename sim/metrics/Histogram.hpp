#pragma once
/** @file
 *  @brief Streaming log-linear histogram of non-negative integers (latencies in ns).
 */
#include <bit>
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
  /** Inline: it runs several times per request (type, total, service, endpoint; window and interval). */
  void record(std::int64_t value) {
    if (value < 0) value = 0;
    const std::uint32_t index = bucket_of(value) - first_;  // wraps to a huge index below first_
    if (index >= counts_.size()) [[unlikely]] {
      record_outside(value);
      return;
    }
    ++counts_[index];
    ++count_;
    sum_ += static_cast<double>(value);
    if (value < min_) min_ = value;
    if (value > max_) max_ = value;
  }
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
  static std::uint32_t bucket_of(std::int64_t value) {
    if (value < static_cast<std::int64_t>(SUB_COUNT)) return static_cast<std::uint32_t>(value < 0 ? 0 : value);
    const auto v = static_cast<std::uint64_t>(value);
    const unsigned exponent = 63u - static_cast<unsigned>(std::countl_zero(v));  // >= SUB_BITS
    const auto mantissa = static_cast<std::uint32_t>((v >> (exponent - SUB_BITS)) & (SUB_COUNT - 1));
    return (exponent - SUB_BITS + 1) * SUB_COUNT + mantissa;
  }
  static std::int64_t bucket_low(std::uint32_t bucket);
  static std::int64_t bucket_width(std::uint32_t bucket);

private:
  void record_outside(std::int64_t value);  // grows the bucket range first

  std::vector<std::uint64_t> counts_;  // counts_[i] is bucket first_ + i
  std::uint32_t first_ = 0;
  std::uint64_t count_ = 0;
  double sum_ = 0;
  std::int64_t min_ = 0;
  std::int64_t max_ = 0;
};

}  // namespace msim::metrics
