#include "validation/QueueingTheory.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include <boost/math/tools/roots.hpp>

namespace msim::validation {
namespace {

void require_stable(double lambda, double capacity) {
  if (!(lambda >= 0 && lambda < capacity)) throw std::invalid_argument("queueing theory: the queue is unstable (rho >= 1)");
}

// Finds t with survival(t) = 1 - p by bracketing and TOMS 748.
template <class Survival>
double quantile_of(Survival survival, double p, double scale) {
  const double target = 1.0 - p;
  double hi = scale;
  while (survival(hi) > target) hi *= 2;
  auto f = [&](double t) { return survival(t) - target; };
  boost::math::tools::eps_tolerance<double> tol(50);
  std::uintmax_t iterations = 200;
  const auto [a, b] = boost::math::tools::toms748_solve(f, 0.0, hi, f(0.0), f(hi), tol, iterations);
  return (a + b) / 2;
}

}  // namespace

double mm1_response_mean(double lambda, double mu) {
  require_stable(lambda, mu);
  return 1.0 / (mu - lambda);
}

double mm1_response_quantile(double lambda, double mu, double p) {
  require_stable(lambda, mu);
  return -std::log(1.0 - p) / (mu - lambda);
}

double erlang_b(int c, double a) {
  // B(0) = 1; B(k) = a B(k-1) / (k + a B(k-1)): stable for large c.
  double b = 1.0;
  for (int k = 1; k <= c; ++k) b = a * b / (k + a * b);
  return b;
}

double erlang_c(int c, double a) {
  if (!(a < c)) throw std::invalid_argument("erlang_c: offered load must be below the number of servers");
  const double b = erlang_b(c, a);
  return c * b / (c - a * (1 - b));
}

double mmc_wait_mean(double lambda, double mu, int c) {
  require_stable(lambda, c * mu);
  return erlang_c(c, lambda / mu) / (c * mu - lambda);
}

double mmc_response_mean(double lambda, double mu, int c) { return mmc_wait_mean(lambda, mu, c) + 1.0 / mu; }

double mmc_response_survival(double lambda, double mu, int c, double t) {
  require_stable(lambda, c * mu);
  const double wait_probability = erlang_c(c, lambda / mu);
  const double r = c * mu - lambda;  // rate of the waiting time, given a wait
  const double service = std::exp(-mu * t);
  // P(W + S > t) for W ~ Exp(r), S ~ Exp(mu), independent.
  const double convolved = std::abs(r - mu) < 1e-12 * mu ? (1 + mu * t) * service
                                                          : (r * service - mu * std::exp(-r * t)) / (r - mu);
  return (1 - wait_probability) * service + wait_probability * convolved;
}

double mmc_response_quantile(double lambda, double mu, int c, double p) {
  return quantile_of([&](double t) { return mmc_response_survival(lambda, mu, c, t); }, p, 1.0 / mu);
}

double mg1_response_mean(double lambda, double mean_s, double second_moment_s) {
  const double rho = lambda * mean_s;
  require_stable(rho, 1.0);
  return mean_s + lambda * second_moment_s / (2 * (1 - rho));
}

FiniteQueue mmck(double lambda, double mu, int c, int k) {
  if (k < c || c < 1) throw std::invalid_argument("mmck: need K >= c >= 1");
  // Unnormalised stationary probabilities of n in the system, n = 0..K.
  std::vector<double> p(static_cast<std::size_t>(k) + 1);
  p[0] = 1;
  for (int n = 1; n <= k; ++n) p[static_cast<std::size_t>(n)] = p[static_cast<std::size_t>(n) - 1] * lambda / (std::min(n, c) * mu);
  double total = 0, mean_n = 0;
  for (int n = 0; n <= k; ++n) {
    total += p[static_cast<std::size_t>(n)];
    mean_n += n * p[static_cast<std::size_t>(n)];
  }
  FiniteQueue q;
  q.blocking = p[static_cast<std::size_t>(k)] / total;
  q.throughput = lambda * (1 - q.blocking);
  q.response_mean = (mean_n / total) / q.throughput;  // Little's law on admitted requests
  return q;
}

double fork_join_two_response_mean(double lambda, double mu) {
  require_stable(lambda, mu);
  const double rho = lambda / mu;
  return (12 - rho) / 8 / (mu - lambda);
}

double mg1_ps_response_mean(double lambda, double mean_s) {
  const double rho = lambda * mean_s;
  require_stable(rho, 1.0);
  return mean_s / (1 - rho);
}

double mg1_ps_response_given_size(double lambda, double mean_s, double size) {
  const double rho = lambda * mean_s;
  require_stable(rho, 1.0);
  return size / (1 - rho);
}

double ek_m1_response_mean(int k, double lambda, double mu) {
  require_stable(lambda, mu);
  // Fixed point of the Laplace transform of the inter-arrival time at s = mu (1 - sigma);
  // the iteration is monotone from 0 and converges to the root in (0, 1).
  const double stage = k * lambda;
  double sigma = 0;
  for (int i = 0; i < 100000; ++i) {
    const double next = std::pow(stage / (stage + mu * (1 - sigma)), k);
    if (std::abs(next - sigma) < 1e-15) {
      sigma = next;
      break;
    }
    sigma = next;
  }
  return 1.0 / (mu * (1 - sigma));
}

MvaResult mva(int users, double think, const std::vector<double>& demands) {
  MvaResult r;
  std::vector<double> queue(demands.size(), 0.0);
  r.station_response.assign(demands.size(), 0.0);
  for (int n = 1; n <= users; ++n) {
    double total = 0;
    for (std::size_t i = 0; i < demands.size(); ++i) {
      r.station_response[i] = demands[i] * (1 + queue[i]);
      total += r.station_response[i];
    }
    r.throughput = n / (think + total);
    r.response = total;
    for (std::size_t i = 0; i < demands.size(); ++i) queue[i] = r.throughput * r.station_response[i];
  }
  return r;
}

}  // namespace msim::validation
