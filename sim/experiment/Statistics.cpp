#include "experiment/Statistics.hpp"

#include <cmath>
#include <limits>

#include <boost/math/distributions/students_t.hpp>

namespace msim::experiment {

double Estimate::relative_half_width() const {
  if (mean == 0) return half_width == 0 ? 0.0 : std::numeric_limits<double>::infinity();
  return half_width / std::abs(mean);
}

double student_t_quantile(double confidence, std::size_t degrees_of_freedom) {
  const boost::math::students_t t(static_cast<double>(degrees_of_freedom));
  return boost::math::quantile(t, 1.0 - (1.0 - confidence) / 2.0);
}

Estimate estimate(const std::vector<double>& values, double confidence) {
  Estimate e;
  e.n = values.size();
  if (values.empty()) return e;
  // Welford's update: numerically stable for long runs of similar values.
  double mean = 0, m2 = 0;
  std::size_t k = 0;
  for (const double v : values) {
    ++k;
    const double delta = v - mean;
    mean += delta / static_cast<double>(k);
    m2 += delta * (v - mean);
  }
  e.mean = mean;
  if (e.n < 2) return e;
  const double stddev = std::sqrt(m2 / static_cast<double>(e.n - 1));
  e.half_width = student_t_quantile(confidence, e.n - 1) * stddev / std::sqrt(static_cast<double>(e.n));
  return e;
}

}  // namespace msim::experiment
