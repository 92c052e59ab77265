#pragma once
/** @file
 *  @brief Probability distributions for service times, latencies, think times and counts.
 */
#include <memory>
#include <string>
#include <vector>

#include "core/RandomStream.hpp"

namespace msim::core {

/**
 * @brief A univariate distribution with a sampler, its CDF and its moments.
 *
 * Values are in the caller's base unit (seconds for durations). Sampling uses Boost.Random's
 * distributions, which give the same numbers on every standard library.
 */
class Distribution {
public:
  enum class Kind { CONSTANT, EXPONENTIAL, UNIFORM, NORMAL, LOGNORMAL, GAMMA, WEIBULL, PARETO, EMPIRICAL };

  Distribution() = default;  // constant 0

  static Distribution constant(double value);
  static Distribution exponential(double mean);
  static Distribution uniform(double low, double high);
  /** Normal truncated at 0 (negative draws are redrawn). */
  static Distribution normal(double mean, double stddev);
  /** Lognormal from the parameters of the underlying normal. */
  static Distribution lognormal(double mu, double sigma);
  static Distribution gamma(double shape, double scale);
  static Distribution weibull(double shape, double scale);
  static Distribution pareto(double shape, double scale);
  /** Continuous empirical distribution: linear interpolation of the sorted sample's quantiles. */
  static Distribution empirical(std::vector<double> values);

  /** The distribution of `factor` times a draw (factor > 0), e.g. a service slowed down 2x. */
  Distribution scaled(double factor) const;

  double sample(RandomStream& rng) const;
  double cdf(double x) const;
  double mean() const;
  /** Infinite where the variance is not finite (Pareto with shape <= 2). */
  double variance() const;

  Kind kind() const { return kind_; }
  bool is_constant() const { return kind_ == Kind::CONSTANT; }
  /** Human-readable form, e.g. "exponential(mean=0.004)". */
  std::string describe() const;

private:
  Distribution(Kind kind, double a, double b) : kind_(kind), a_(a), b_(b) {}

  Kind kind_ = Kind::CONSTANT;
  double a_ = 0;  // first parameter (value, mean, low, mu, shape)
  double b_ = 0;  // second parameter (high, stddev, sigma, scale)
  std::shared_ptr<const std::vector<double>> sorted_;  // empirical values, ascending
};

}  // namespace msim::core
