#pragma once
/** @file
 *  @brief Estimates from independent replications: mean and Student-t confidence half-width.
 */
#include <cstddef>
#include <vector>

namespace msim::experiment {

struct Estimate {
  double mean = 0;
  double half_width = 0;  // of the confidence interval; 0 with fewer than 2 values
  std::size_t n = 0;

  /** Half-width relative to |mean|; 0 when both are 0, infinite when only the mean is 0. */
  double relative_half_width() const;
};

/** Mean and Student-t half-width at `confidence` (e.g. 0.95) of independent values. */
Estimate estimate(const std::vector<double>& values, double confidence);

/** Two-sided Student-t quantile t_{1-(1-confidence)/2, dof}. */
double student_t_quantile(double confidence, std::size_t degrees_of_freedom);

}  // namespace msim::experiment
