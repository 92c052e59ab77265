#pragma once
/** @file
 *  @brief Closed-form and numerical results of queueing theory, used to validate the engine.
 *
 *  Rates are per second, times in seconds. References: Kleinrock, Queueing Systems I (1975);
 *  Harchol-Balter, Performance Modeling and Design of Computer Systems (2013); Nelson and
 *  Tantawi (1988) for fork-join; Reiser and Lavenberg (1980) for Mean Value Analysis.
 */
#include <vector>

namespace msim::validation {

/** M/M/1 mean response time 1/(mu - lambda). */
double mm1_response_mean(double lambda, double mu);
/** M/M/1 response-time quantile: -ln(1 - p)/(mu - lambda). */
double mm1_response_quantile(double lambda, double mu, double p);

/** Erlang C: probability that an arrival waits in M/M/c, offered load a = lambda/mu < c. */
double erlang_c(int c, double a);
/** Erlang B: blocking probability of M/M/c/c. */
double erlang_b(int c, double a);
/** M/M/c mean waiting time in queue: C(c, a)/(c mu - lambda). */
double mmc_wait_mean(double lambda, double mu, int c);
double mmc_response_mean(double lambda, double mu, int c);
/** P(T > t) for M/M/c FCFS: service Exp(mu) plus, with probability C, a wait Exp(c mu - lambda). */
double mmc_response_survival(double lambda, double mu, int c, double t);
double mmc_response_quantile(double lambda, double mu, int c, double p);

/** Pollaczek-Khinchine M/G/1 mean response: E[S] + lambda E[S^2] / (2 (1 - rho)). */
double mg1_response_mean(double lambda, double mean_s, double second_moment_s);

struct FiniteQueue {
  double blocking = 0;  // P(an arrival finds K in the system)
  double response_mean = 0;  // of admitted requests
  double throughput = 0;  // admitted per second
};
/** M/M/c/K from the birth-death chain (K = capacity including those in service, K >= c). */
FiniteQueue mmck(double lambda, double mu, int c, int k);

/** Two-branch fork-join of identical M/M/1 queues (Flatto-Hahn; Nelson-Tantawi): (12 - rho)/8 / (mu - lambda). */
double fork_join_two_response_mean(double lambda, double mu);

/** M/G/1 processor sharing: mean response E[S]/(1 - rho); conditional on size x: x/(1 - rho). */
double mg1_ps_response_mean(double lambda, double mean_s);
double mg1_ps_response_given_size(double lambda, double mean_s, double size);

/**
 * GI/M/1 with Erlang-k inter-arrival times of total rate lambda (what one of k round-robin
 * instances sees from a Poisson stream of rate k lambda): sigma solves
 * sigma = (k lambda / (k lambda + mu (1 - sigma)))^k, and the mean response is 1/(mu (1 - sigma)).
 */
double ek_m1_response_mean(int k, double lambda, double mu);

struct MvaResult {
  double throughput = 0;  // requests per second
  double response = 0;  // seconds, excluding think time
  std::vector<double> station_response;  // per station, per visit-weighted request
};
/** Exact Mean Value Analysis: N users, think time Z, single-server FCFS stations with demands D_i. */
MvaResult mva(int users, double think, const std::vector<double>& demands);

}  // namespace msim::validation
