#include "metrics/Histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace msim::metrics {

std::int64_t Histogram::bucket_low(std::uint32_t bucket) {
  if (bucket < SUB_COUNT) return bucket;
  const std::uint32_t octave = bucket / SUB_COUNT;  // exponent - SUB_BITS + 1
  const std::uint32_t mantissa = bucket % SUB_COUNT;
  const unsigned shift = octave - 1;
  return static_cast<std::int64_t>((std::uint64_t{SUB_COUNT} + mantissa) << shift);
}

std::int64_t Histogram::bucket_width(std::uint32_t bucket) {
  if (bucket < SUB_COUNT) return 1;
  return std::int64_t{1} << (bucket / SUB_COUNT - 1);
}

void Histogram::record_outside(std::int64_t value) {
  const std::uint32_t b = bucket_of(value);
  if (counts_.empty()) {
    first_ = b;
    counts_.assign(1, 0);
    min_ = max_ = value;
  } else if (b < first_) {
    counts_.insert(counts_.begin(), first_ - b, 0);
    first_ = b;
  } else if (b - first_ >= counts_.size()) {
    counts_.resize(b - first_ + 1, 0);
  }
  ++counts_[b - first_];
  ++count_;
  sum_ += static_cast<double>(value);
  min_ = std::min(min_, value);
  max_ = std::max(max_, value);
}

void Histogram::merge(const Histogram& other) {
  if (other.count_ == 0) return;
  if (count_ == 0) {
    *this = other;
    return;
  }
  const std::uint32_t lo = std::min(first_, other.first_);
  const std::uint32_t hi = std::max(first_ + static_cast<std::uint32_t>(counts_.size()),
                                    other.first_ + static_cast<std::uint32_t>(other.counts_.size()));
  std::vector<std::uint64_t> merged(hi - lo, 0);
  for (std::size_t i = 0; i < counts_.size(); ++i) merged[first_ - lo + i] += counts_[i];
  for (std::size_t i = 0; i < other.counts_.size(); ++i) merged[other.first_ - lo + i] += other.counts_[i];
  counts_ = std::move(merged);
  first_ = lo;
  count_ += other.count_;
  sum_ += other.sum_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
}

void Histogram::reset() {
  counts_.clear();
  first_ = 0;
  count_ = 0;
  sum_ = 0;
  min_ = max_ = 0;
}

std::uint64_t Histogram::count_at_or_below(std::int64_t value) const {
  if (count_ == 0 || value < min_) return 0;
  if (value >= max_) return count_;
  const std::uint32_t last = bucket_of(value);
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < counts_.size() && first_ + i <= last; ++i) {
    const auto bucket = first_ + static_cast<std::uint32_t>(i);
    if (bucket < last) {
      total += counts_[i];
    } else {  // the bucket holding `value`: the share of it below, assuming an even spread
      const double share = static_cast<double>(value - bucket_low(bucket) + 1) / static_cast<double>(bucket_width(bucket));
      total += static_cast<std::uint64_t>(std::llround(share * static_cast<double>(counts_[i])));
    }
  }
  return total;
}

double Histogram::quantile(double q) const {
  if (count_ == 0) return 0.0;
  q = std::clamp(q, 0.0, 1.0);
  const auto rank = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_))));
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen >= rank) {
      // Interpolate by rank inside the bucket: values are assumed spread evenly across it.
      const auto bucket = first_ + static_cast<std::uint32_t>(i);
      const double before = static_cast<double>(seen - counts_[i]);
      const double position = (static_cast<double>(rank) - before - 0.5) / static_cast<double>(counts_[i]);
      const double value = static_cast<double>(bucket_low(bucket)) + position * static_cast<double>(bucket_width(bucket));
      const double exact_cap = bucket_width(bucket) == 1 ? static_cast<double>(bucket_low(bucket)) : value;
      return std::clamp(exact_cap, static_cast<double>(min_), static_cast<double>(max_));
    }
  }
  return static_cast<double>(max_);
}

}  // namespace msim::metrics
