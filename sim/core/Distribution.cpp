#include "core/Distribution.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <boost/math/distributions/exponential.hpp>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/pareto.hpp>
#include <boost/math/distributions/weibull.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <boost/random/weibull_distribution.hpp>
#include <fmt/format.h>

namespace msim::core {
namespace {

void require(bool ok, const char* what) {
  if (!ok) throw std::invalid_argument(what);
}

}  // namespace

Distribution Distribution::constant(double value) { return {Kind::CONSTANT, value, 0}; }

Distribution Distribution::exponential(double mean) {
  require(mean > 0, "exponential: mean must be > 0");
  return {Kind::EXPONENTIAL, mean, 0};
}

Distribution Distribution::uniform(double low, double high) {
  require(low <= high, "uniform: low must be <= high");
  return {Kind::UNIFORM, low, high};
}

Distribution Distribution::normal(double mean, double stddev) {
  require(stddev >= 0, "normal: stddev must be >= 0");
  require(mean > 0 || stddev > 0, "normal: mean or stddev must be > 0");
  return {Kind::NORMAL, mean, stddev};
}

Distribution Distribution::lognormal(double mu, double sigma) {
  require(sigma > 0, "lognormal: sigma must be > 0");
  return {Kind::LOGNORMAL, mu, sigma};
}

Distribution Distribution::gamma(double shape, double scale) {
  require(shape > 0 && scale > 0, "gamma: shape and scale must be > 0");
  return {Kind::GAMMA, shape, scale};
}

Distribution Distribution::weibull(double shape, double scale) {
  require(shape > 0 && scale > 0, "weibull: shape and scale must be > 0");
  return {Kind::WEIBULL, shape, scale};
}

Distribution Distribution::pareto(double shape, double scale) {
  require(shape > 0 && scale > 0, "pareto: shape and scale must be > 0");
  return {Kind::PARETO, shape, scale};
}

Distribution Distribution::empirical(std::vector<double> values) {
  require(!values.empty(), "empirical: no values");
  std::sort(values.begin(), values.end());
  Distribution d{Kind::EMPIRICAL, 0, 0};
  d.sorted_ = std::make_shared<const std::vector<double>>(std::move(values));
  return d;
}

Distribution Distribution::scaled(double factor) const {
  require(factor > 0, "scaled: factor must be > 0");
  Distribution d = *this;
  switch (kind_) {
    case Kind::CONSTANT:
    case Kind::EXPONENTIAL:
      d.a_ *= factor;
      break;
    case Kind::UNIFORM:
    case Kind::NORMAL:
      d.a_ *= factor;
      d.b_ *= factor;
      break;
    case Kind::LOGNORMAL:
      d.a_ += std::log(factor);
      break;
    case Kind::GAMMA:
    case Kind::WEIBULL:
    case Kind::PARETO:
      d.b_ *= factor;
      break;
    case Kind::EMPIRICAL: {
      auto values = *sorted_;
      for (auto& v : values) v *= factor;
      d.sorted_ = std::make_shared<const std::vector<double>>(std::move(values));
      break;
    }
  }
  return d;
}

double Distribution::sample(RandomStream& rng) const {
  auto& eng = rng.engine();
  switch (kind_) {
    case Kind::CONSTANT:
      return a_;
    case Kind::EXPONENTIAL:
      return boost::random::exponential_distribution<double>(1.0 / a_)(eng) ;
    case Kind::UNIFORM:
      return a_ == b_ ? a_ : boost::random::uniform_real_distribution<double>(a_, b_)(eng);
    case Kind::NORMAL: {
      if (b_ == 0) return a_;
      boost::random::normal_distribution<double> normal(a_, b_);
      for (int tries = 0; tries < 1000; ++tries) {
        const double x = normal(eng);
        if (x >= 0) return x;
      }
      return 0.0;  // only reached when almost all mass is below 0
    }
    case Kind::LOGNORMAL:
      return std::exp(boost::random::normal_distribution<double>(a_, b_)(eng));
    case Kind::GAMMA:
      return boost::random::gamma_distribution<double>(a_, b_)(eng);
    case Kind::WEIBULL:
      return boost::random::weibull_distribution<double>(a_, b_)(eng);
    case Kind::PARETO:
      // Inverse transform; 1 - U lies in (0, 1], so the power is finite.
      return b_ / std::pow(1.0 - rng.uniform01(), 1.0 / a_);
    case Kind::EMPIRICAL: {
      const auto& v = *sorted_;
      if (v.size() == 1) return v[0];
      const double pos = rng.uniform01() * static_cast<double>(v.size() - 1);
      const auto i = static_cast<std::size_t>(pos);
      const double frac = pos - static_cast<double>(i);
      return v[i] + frac * (v[i + 1] - v[i]);
    }
  }
  return 0.0;
}

double Distribution::cdf(double x) const {
  using namespace boost::math;
  switch (kind_) {
    case Kind::CONSTANT:
      return x < a_ ? 0.0 : 1.0;
    case Kind::EXPONENTIAL:
      return x <= 0 ? 0.0 : boost::math::cdf(exponential_distribution<double>(1.0 / a_), x);
    case Kind::UNIFORM:
      if (a_ == b_) return x < a_ ? 0.0 : 1.0;
      return std::clamp((x - a_) / (b_ - a_), 0.0, 1.0);
    case Kind::NORMAL: {
      if (x < 0) return 0.0;
      if (b_ == 0) return x < a_ ? 0.0 : 1.0;
      const normal_distribution<double> n(a_, b_);
      const double below = boost::math::cdf(n, 0.0);
      return (boost::math::cdf(n, x) - below) / (1.0 - below);
    }
    case Kind::LOGNORMAL:
      return x <= 0 ? 0.0 : boost::math::cdf(lognormal_distribution<double>(a_, b_), x);
    case Kind::GAMMA:
      return x <= 0 ? 0.0 : boost::math::cdf(gamma_distribution<double>(a_, b_), x);
    case Kind::WEIBULL:
      return x <= 0 ? 0.0 : boost::math::cdf(weibull_distribution<double>(a_, b_), x);
    case Kind::PARETO:
      return x <= b_ ? 0.0 : boost::math::cdf(pareto_distribution<double>(b_, a_), x);
    case Kind::EMPIRICAL: {
      const auto& v = *sorted_;
      if (x < v.front()) return 0.0;
      if (x >= v.back()) return 1.0;
      const auto it = std::upper_bound(v.begin(), v.end(), x);
      const auto i = static_cast<std::size_t>(it - v.begin()) - 1;  // v[i] <= x < v[i+1]
      const double frac = v[i + 1] > v[i] ? (x - v[i]) / (v[i + 1] - v[i]) : 0.0;
      return (static_cast<double>(i) + frac) / static_cast<double>(v.size() - 1);
    }
  }
  return 0.0;
}

double Distribution::mean() const {
  switch (kind_) {
    case Kind::CONSTANT:
    case Kind::EXPONENTIAL:
      return a_;
    case Kind::UNIFORM:
      return (a_ + b_) / 2;
    case Kind::NORMAL: {
      if (b_ == 0) return a_;
      // Mean of a normal truncated below at 0.
      const double alpha = -a_ / b_;
      const boost::math::normal_distribution<double> z;
      return a_ + b_ * boost::math::pdf(z, alpha) / (1.0 - boost::math::cdf(z, alpha));
    }
    case Kind::LOGNORMAL:
      return std::exp(a_ + b_ * b_ / 2);
    case Kind::GAMMA:
      return a_ * b_;
    case Kind::WEIBULL:
      return b_ * std::tgamma(1 + 1 / a_);
    case Kind::PARETO:
      return a_ > 1 ? a_ * b_ / (a_ - 1) : std::numeric_limits<double>::infinity();
    case Kind::EMPIRICAL: {
      // Mean of the piecewise-linear interpolation: trapezoids between sorted values.
      const auto& v = *sorted_;
      if (v.size() == 1) return v[0];
      double sum = 0;
      for (std::size_t i = 0; i + 1 < v.size(); ++i) sum += (v[i] + v[i + 1]) / 2;
      return sum / static_cast<double>(v.size() - 1);
    }
  }
  return 0.0;
}

double Distribution::variance() const {
  constexpr double inf = std::numeric_limits<double>::infinity();
  switch (kind_) {
    case Kind::CONSTANT:
      return 0.0;
    case Kind::EXPONENTIAL:
      return a_ * a_;
    case Kind::UNIFORM:
      return (b_ - a_) * (b_ - a_) / 12;
    case Kind::NORMAL: {
      if (b_ == 0) return 0.0;
      const double alpha = -a_ / b_;
      const boost::math::normal_distribution<double> z;
      const double lambda = boost::math::pdf(z, alpha) / (1.0 - boost::math::cdf(z, alpha));
      return b_ * b_ * (1 + alpha * lambda - lambda * lambda);
    }
    case Kind::LOGNORMAL:
      return (std::exp(b_ * b_) - 1) * std::exp(2 * a_ + b_ * b_);
    case Kind::GAMMA:
      return a_ * b_ * b_;
    case Kind::WEIBULL: {
      const double g1 = std::tgamma(1 + 1 / a_);
      return b_ * b_ * (std::tgamma(1 + 2 / a_) - g1 * g1);
    }
    case Kind::PARETO:
      return a_ > 2 ? b_ * b_ * a_ / ((a_ - 1) * (a_ - 1) * (a_ - 2)) : inf;
    case Kind::EMPIRICAL: {
      // Each segment [v_i, v_i+1] holds mass 1/(n-1) uniformly.
      const auto& v = *sorted_;
      const double m = mean();
      if (v.size() == 1) return 0.0;
      double second = 0;
      for (std::size_t i = 0; i + 1 < v.size(); ++i)
        second += (v[i] * v[i] + v[i] * v[i + 1] + v[i + 1] * v[i + 1]) / 3;
      return second / static_cast<double>(v.size() - 1) - m * m;
    }
  }
  return 0.0;
}

std::string Distribution::describe() const {
  switch (kind_) {
    case Kind::CONSTANT: return fmt::format("constant({:g})", a_);
    case Kind::EXPONENTIAL: return fmt::format("exponential(mean={:g})", a_);
    case Kind::UNIFORM: return fmt::format("uniform({:g}, {:g})", a_, b_);
    case Kind::NORMAL: return fmt::format("normal(mean={:g}, stddev={:g})", a_, b_);
    case Kind::LOGNORMAL: return fmt::format("lognormal(mu={:g}, sigma={:g})", a_, b_);
    case Kind::GAMMA: return fmt::format("gamma(shape={:g}, scale={:g})", a_, b_);
    case Kind::WEIBULL: return fmt::format("weibull(shape={:g}, scale={:g})", a_, b_);
    case Kind::PARETO: return fmt::format("pareto(shape={:g}, scale={:g})", a_, b_);
    case Kind::EMPIRICAL: return fmt::format("empirical({} values)", sorted_->size());
  }
  return "?";
}

}  // namespace msim::core
