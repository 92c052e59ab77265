#pragma once
/** @file
 *  @brief Automatic warm-up detection with MSER-5 (White 1997; White, Cobb and Spratt 2000).
 *
 *  The output sequence (end-to-end response times in completion order) is averaged in batches
 *  of 5; the truncation point d minimizes the marginal standard error
 *  MSER(d) = sum_{i>d} (Y_i - mean_d)^2 / (n - d)^2 over d in [0, n/2].
 */
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/SimTime.hpp"

namespace msim::experiment {

/** Collects batch means of 5 observations with the time each batch closed; memory stays bounded. */
class MserRecorder {
public:
  /** At most this many batches are kept; beyond, adjacent batches merge (the batch size doubles). */
  static constexpr std::size_t MAX_BATCHES = 1 << 20;

  void record(core::SimTime at, double value);

  const std::vector<double>& batch_means() const { return means_; }
  const std::vector<core::SimTime>& batch_ends() const { return ends_; }
  std::size_t batch_size() const { return batch_size_; }

private:
  std::vector<double> means_;
  std::vector<core::SimTime> ends_;
  std::size_t batch_size_ = 5;
  double sum_ = 0;
  std::size_t count_ = 0;
};

struct Truncation {
  std::size_t batches = 0;  // batches dropped (d)
  core::SimTime time;  // end of the last dropped batch (zero when d = 0)
  std::size_t batch_size = 5;
  bool reliable = true;  // false when d falls in the second half: the run is too short
};

/** MSER over batch means: the d in [0, n/2] with the smallest marginal standard error. */
std::size_t mser_truncation(const std::vector<double>& batch_means);

Truncation choose_truncation(const MserRecorder& recorder);

}  // namespace msim::experiment
