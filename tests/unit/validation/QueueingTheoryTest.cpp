// The analytic results are checked against published values and against each other, so that the
// validation suite compares the engine with correct theory.
#include "validation/QueueingTheory.hpp"

#include <cmath>

#include <gtest/gtest.h>

namespace msim::validation {
namespace {

TEST(QueueingTheory, MM1) {
  EXPECT_DOUBLE_EQ(mm1_response_mean(0.8, 1.0), 5.0);
  EXPECT_NEAR(mm1_response_quantile(0.8, 1.0, 0.99), std::log(100.0) / 0.2, 1e-12);
  EXPECT_THROW(mm1_response_mean(1.0, 1.0), std::invalid_argument);
}

TEST(QueueingTheory, ErlangBMatchesPublishedTables) {
  // Erlang B tables (e.g. Kleinrock vol. I; any teletraffic table): B(5, 3) = 0.1101, B(10, 5) = 0.0184.
  EXPECT_NEAR(erlang_b(5, 3.0), 0.11005, 5e-5);
  EXPECT_NEAR(erlang_b(10, 5.0), 0.018385, 5e-6);
  EXPECT_DOUBLE_EQ(erlang_b(1, 1.0), 0.5);
}

TEST(QueueingTheory, ErlangCMatchesPublishedValues) {
  EXPECT_NEAR(erlang_c(2, 1.0), 1.0 / 3.0, 1e-12);  // M/M/2 at rho 0.5
  EXPECT_NEAR(erlang_c(1, 0.7), 0.7, 1e-12);  // M/M/1: P(wait) = rho
  EXPECT_NEAR(erlang_c(10, 8.0), 0.4092, 1e-4);  // Erlang C tables
}

TEST(QueueingTheory, MMcReducesToMM1AndItsDistributionIsConsistent) {
  EXPECT_NEAR(mmc_response_mean(0.8, 1.0, 1), 5.0, 1e-12);
  for (const double t : {0.5, 2.0, 10.0}) EXPECT_NEAR(mmc_response_survival(0.8, 1.0, 1, t), std::exp(-0.2 * t), 1e-12);
  EXPECT_NEAR(mmc_response_quantile(0.8, 1.0, 1, 0.99), mm1_response_quantile(0.8, 1.0, 0.99), 1e-9);
  // The quantile inverts the survival function, and the mean is the survival's integral.
  const double q = mmc_response_quantile(3.2, 1.0, 4, 0.9);
  EXPECT_NEAR(mmc_response_survival(3.2, 1.0, 4, q), 0.1, 1e-9);
  double integral = 0;
  for (double t = 0; t < 60; t += 1e-3) integral += 1e-3 * mmc_response_survival(3.2, 1.0, 4, t + 5e-4);
  EXPECT_NEAR(integral, mmc_response_mean(3.2, 1.0, 4), 1e-5);
}

TEST(QueueingTheory, PollaczekKhinchine) {
  // Exponential service: E[S^2] = 2/mu^2 gives the M/M/1 mean; deterministic halves the wait.
  EXPECT_NEAR(mg1_response_mean(0.8, 1.0, 2.0), 5.0, 1e-12);
  EXPECT_NEAR(mg1_response_mean(0.8, 1.0, 1.0), 1.0 + 2.0, 1e-12);
}

TEST(QueueingTheory, FiniteQueues) {
  // K = c is Erlang B; the M/M/1/K blocking probability is rho^K (1 - rho)/(1 - rho^(K+1)).
  EXPECT_NEAR(mmck(3.0, 1.0, 4, 4).blocking, erlang_b(4, 3.0), 1e-12);
  const double rho = 0.9;
  EXPECT_NEAR(mmck(0.9, 1.0, 1, 5).blocking, std::pow(rho, 5) * (1 - rho) / (1 - std::pow(rho, 6)), 1e-12);
  EXPECT_NEAR(mmck(1.0, 1.0, 1, 3).blocking, 0.25, 1e-12);  // rho = 1: 1/(K+1)
  EXPECT_NEAR(mmck(3.0, 1.0, 4, 4).response_mean, 1.0, 1e-12);  // no queue: the service time
}

TEST(QueueingTheory, ForkJoinTendsToTheMaximumOfTwoExponentials) {
  EXPECT_NEAR(fork_join_two_response_mean(1e-9, 1.0), 1.5, 1e-6);  // E[max(X, Y)] = 1.5/mu
  EXPECT_NEAR(fork_join_two_response_mean(0.5, 1.0), 11.5 / 8 / 0.5, 1e-12);
}

TEST(QueueingTheory, ProcessorSharing) {
  EXPECT_NEAR(mg1_ps_response_mean(0.7, 1.0), 1.0 / 0.3, 1e-12);
  EXPECT_NEAR(mg1_ps_response_given_size(0.5, 1.4, 9.5), 9.5 / 0.3, 1e-9);
}

TEST(QueueingTheory, ErlangArrivalsGiM1) {
  EXPECT_NEAR(ek_m1_response_mean(1, 0.8, 1.0), 5.0, 1e-9);  // E1/M/1 = M/M/1
  // More regular arrivals wait less; the limit is D/M/1, whose sigma solves sigma = exp(-mu (1 - sigma)/lambda).
  EXPECT_LT(ek_m1_response_mean(4, 0.8, 1.0), 5.0);
  double sigma = 0.5;
  for (int i = 0; i < 10000; ++i) sigma = std::exp(-(1 - sigma) / 0.8);
  EXPECT_NEAR(ek_m1_response_mean(2000, 0.8, 1.0), 1.0 / (1 - sigma), 2e-3);
}

TEST(QueueingTheory, MeanValueAnalysis) {
  // One station, no think time: throughput 1/D whatever N, response N D.
  const auto one = mva(5, 0.0, {2.0});
  EXPECT_NEAR(one.throughput, 0.5, 1e-12);
  EXPECT_NEAR(one.response, 10.0, 1e-12);
  // K balanced stations, Z = 0: X(N) = N / (D (K + N - 1)).
  const auto balanced = mva(2, 0.0, {1.0, 1.0});
  EXPECT_NEAR(balanced.throughput, 2.0 / 3.0, 1e-12);
  // Response time law: N = X (Z + R).
  const auto r = mva(20, 0.02, {0.001, 0.0015});
  EXPECT_NEAR(r.throughput * (0.02 + r.response), 20.0, 1e-9);
}

}  // namespace
}  // namespace msim::validation
