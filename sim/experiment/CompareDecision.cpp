#include "experiment/CompareDecision.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "experiment/Statistics.hpp"

namespace msim::experiment {
namespace {

double mean_of(const std::vector<double>& v) { return estimate(v, 0.95).mean; }

}  // namespace

std::vector<std::string> pareto_front(const std::vector<StrategyValues>& strategies) {
  std::vector<std::string> front;
  for (const auto& a : strategies) {
    const double ca = mean_of(a.cost), qa = mean_of(a.quality);
    const bool dominated = std::any_of(strategies.begin(), strategies.end(), [&](const StrategyValues& b) {
      const double cb = mean_of(b.cost), qb = mean_of(b.quality);
      return &b != &a && cb <= ca && qb >= qa && (cb < ca || qb > qa);
    });
    if (!dominated) front.push_back(a.name);
  }
  return front;
}

Recommendation recommend(const std::vector<StrategyValues>& strategies, const Objective& objective) {
  Recommendation r;
  r.rule = fmt::format("the cheapest strategy that meets the objective ({}{}), against the next cheapest: paired cost, 95 % CI",
                       objective.text, objective.failed_limit < 1 ? fmt::format(", failed % at most {:g}", 100 * objective.failed_limit) : "");
  std::vector<const StrategyValues*> meeting;
  for (const auto& s : strategies)
    if (mean_of(s.quality) >= objective.quality_target && mean_of(s.failed) <= objective.failed_limit) meeting.push_back(&s);
  if (meeting.empty()) {
    const auto closest = std::max_element(strategies.begin(), strategies.end(),
                                          [](const StrategyValues& a, const StrategyValues& b) { return mean_of(a.quality) < mean_of(b.quality); });
    r.reason = closest == strategies.end() ? "no strategy was run"
                                           : fmt::format("no strategy meets the objective; the closest is {} (quality {:.4g}, target {:.4g})",
                                                         closest->name, mean_of(closest->quality), objective.quality_target);
    return r;
  }
  std::stable_sort(meeting.begin(), meeting.end(), [](const StrategyValues* a, const StrategyValues* b) { return mean_of(a->cost) < mean_of(b->cost); });
  const StrategyValues& best = *meeting.front();
  r.strategy = best.name;
  if (meeting.size() == 1) {
    r.reason = fmt::format("{} is the only strategy that meets the objective (cost ${:.4g})", best.name, mean_of(best.cost));
    return r;
  }
  const StrategyValues& next = *meeting[1];
  std::vector<double> saving;
  for (std::size_t i = 0; i < std::min(best.cost.size(), next.cost.size()); ++i) saving.push_back(next.cost[i] - best.cost[i]);
  const auto d = estimate(saving, 0.95);
  r.distinguishable = d.mean - d.half_width > 0;
  r.reason = r.distinguishable
                 ? fmt::format("{} costs ${:.3g} ± {:.2g} less than {}, the next cheapest that meets the objective", best.name, d.mean,
                               d.half_width, next.name)
                 : fmt::format("not distinguishable: {} and {} both meet the objective and their cost difference (${:.3g} ± {:.2g}) includes 0; "
                               "{} is cheaper on average: run more replications to tell them apart",
                               best.name, next.name, d.mean, d.half_width, best.name);
  return r;
}

}  // namespace msim::experiment
