#pragma once
/** @file
 *  @brief What msim compare concludes: which strategies are Pareto-optimal on cost against the
 *         objective, and which one to pick, by a stated rule with paired confidence intervals.
 */
#include <optional>
#include <string>
#include <vector>

namespace msim::experiment {

/** One strategy's per-replication values (replication r of every strategy saw the same traffic). */
struct StrategyValues {
  std::string name;
  std::vector<double> cost;  // dollars
  std::vector<double> quality;  // higher is better: SLO attainment, or -p99 without an objective
  std::vector<double> failed;  // failed share of requests
};

struct Objective {
  std::string text;  // "p99 < 200 ms for 99 % of requests"
  double quality_target = 0;  // met when the mean quality is at least this
  double failed_limit = 1;  // ... and the mean failed share at most this
};

struct Recommendation {
  std::optional<std::string> strategy;  // none when no strategy meets the objective
  bool distinguishable = true;  // false: the runner-up's cost cannot be told apart from it
  std::string rule;  // how it was chosen, in one sentence
  std::string reason;  // the numbers behind it
};

/** Names of the strategies no other beats on both cost (lower) and quality (higher), by the means. */
std::vector<std::string> pareto_front(const std::vector<StrategyValues>& strategies);

/** The cheapest strategy that meets the objective; its cost against the next cheapest that meets
 *  it as a paired difference with a 95 % interval ("not distinguishable" when it includes 0). */
Recommendation recommend(const std::vector<StrategyValues>& strategies, const Objective& objective);

}  // namespace msim::experiment
