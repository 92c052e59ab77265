#include "experiment/Mser.hpp"

#include <limits>

namespace msim::experiment {

void MserRecorder::record(core::SimTime at, double value) {
  sum_ += value;
  if (++count_ < batch_size_) return;
  means_.push_back(sum_ / static_cast<double>(count_));
  ends_.push_back(at);
  sum_ = 0;
  count_ = 0;
  if (means_.size() < MAX_BATCHES) return;
  for (std::size_t i = 0; i < means_.size() / 2; ++i) {
    means_[i] = (means_[2 * i] + means_[2 * i + 1]) / 2;
    ends_[i] = ends_[2 * i + 1];
  }
  means_.resize(means_.size() / 2);
  ends_.resize(ends_.size() / 2);
  batch_size_ *= 2;
}

std::size_t mser_truncation(const std::vector<double>& y) {
  const std::size_t n = y.size();
  if (n < 4) return 0;
  // Suffix sums make every MSER(d) O(1): sum of squares about the mean = S2 - S1^2 / m.
  std::vector<double> s1(n + 1, 0.0), s2(n + 1, 0.0);
  for (std::size_t i = n; i-- > 0;) {
    s1[i] = s1[i + 1] + y[i];
    s2[i] = s2[i + 1] + y[i] * y[i];
  }
  std::size_t best = 0;
  double best_value = std::numeric_limits<double>::infinity();
  for (std::size_t d = 0; d <= n / 2; ++d) {
    const double m = static_cast<double>(n - d);
    const double ss = s2[d] - s1[d] * s1[d] / m;
    const double value = ss / (m * m);
    if (value < best_value) {
      best_value = value;
      best = d;
    }
  }
  return best;
}

Truncation choose_truncation(const MserRecorder& recorder) {
  Truncation t;
  t.batch_size = recorder.batch_size();
  const auto& means = recorder.batch_means();
  t.batches = mser_truncation(means);
  if (t.batches > 0) t.time = recorder.batch_ends()[t.batches - 1];
  t.reliable = means.size() >= 4 && t.batches < means.size() / 2;
  return t;
}

}  // namespace msim::experiment
