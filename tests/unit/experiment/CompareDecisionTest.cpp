// msim compare's conclusions: the Pareto front, the recommendation rule, and the windows it judges.
#include "experiment/CompareDecision.hpp"

#include <gtest/gtest.h>

#include "experiment/Compare.hpp"
#include "experiment/LoadWindows.hpp"
#include "scenario/ScenarioLoader.hpp"

namespace msim::experiment {
namespace {

StrategyValues strategy(std::string name, std::vector<double> cost, std::vector<double> attainment) {
  return {std::move(name), std::move(cost), std::move(attainment), std::vector<double>(attainment.size(), 0.0)};
}

const Objective SLO99{"p99 < 200 ms", 0.99, 1.0, };

TEST(CompareDecision, ParetoFrontKeepsWhatNothingBeatsOnCostAndQuality) {
  const std::vector<StrategyValues> s{strategy("big", {10, 10}, {0.999, 0.999}), strategy("small", {2, 2}, {0.90, 0.90}),
                                      strategy("worse", {5, 5}, {0.85, 0.85}), strategy("mid", {6, 6}, {0.995, 0.995})};
  EXPECT_EQ(pareto_front(s), (std::vector<std::string>{"big", "small", "mid"}));  // "worse" costs more than "small" and does worse
}

TEST(CompareDecision, TheCheapestThatMeetsTheObjectiveWithADistinguishableSaving) {
  const std::vector<StrategyValues> s{strategy("big", {10.0, 10.2, 9.9}, {0.999, 0.999, 0.999}),
                                      strategy("mid", {6.0, 6.1, 5.9}, {0.995, 0.994, 0.996}),
                                      strategy("small", {2, 2, 2}, {0.90, 0.91, 0.89})};
  const auto r = recommend(s, SLO99);
  ASSERT_TRUE(r.strategy);
  EXPECT_EQ(*r.strategy, "mid");
  EXPECT_TRUE(r.distinguishable);
  EXPECT_NE(r.reason.find("less than big"), std::string::npos) << r.reason;
}

TEST(CompareDecision, NotDistinguishableWhenThePairedCostIntervalIncludesZero) {
  const std::vector<StrategyValues> s{strategy("a", {5.0, 6.0, 4.0}, {0.995, 0.995, 0.995}), strategy("b", {5.5, 5.0, 5.0}, {0.995, 0.995, 0.995})};
  const auto r = recommend(s, SLO99);
  ASSERT_TRUE(r.strategy);
  EXPECT_FALSE(r.distinguishable);
  EXPECT_NE(r.reason.find("not distinguishable"), std::string::npos) << r.reason;
}

TEST(CompareDecision, NoneWhenNoStrategyMeetsTheObjective) {
  const std::vector<StrategyValues> s{strategy("a", {5, 5}, {0.90, 0.90}), strategy("b", {3, 3}, {0.95, 0.95})};
  const auto r = recommend(s, SLO99);
  EXPECT_FALSE(r.strategy);
  EXPECT_NE(r.reason.find("the closest is b"), std::string::npos) << r.reason;
}

TEST(LoadWindows, FromEachLoadChangeOrFailureToTheNext) {
  const auto loaded = scenario::load_scenario_text(R"Y(
duration: 40m
warmup: 2m
services:
  a: { endpoints: { e: { work: 1ms } } }
failures: [ { at: 30m, duration: 2m, crash: { service: a } } ]
workload:
  - name: w
    rate: [ { at: 0s, rate: 100/s }, { at: 10m, rate: 400/s }, { at: 10m10s, rate: 1000/s }, { at: 20m, rate: 100/s } ]
    call: a.e
)Y", "w.yaml", ".");
  ASSERT_TRUE(loaded.ok()) << loaded.diagnostics.front().format();
  const auto w = automatic_windows(*loaded.spec);
  ASSERT_EQ(w.size(), 4u);
  EXPECT_EQ(w[0].label, "10m-20m");
  EXPECT_EQ(w[0].why, "load 100/s -> 1000/s");  // the two steps 10 s apart are one change
  EXPECT_EQ(w[1].label, "20m-30m");
  EXPECT_EQ(w[2].label, "30m-32m");
  EXPECT_EQ(w[2].why, "failure: crash a");
  EXPECT_EQ(w[3].label, "32m-40m");
  EXPECT_EQ(parse_window("5m..7m30s", *loaded.spec).label, "5m-7m30s");
  EXPECT_THROW(parse_window("1m..3m", *loaded.spec), std::invalid_argument);  // starts in the warm-up
  EXPECT_THROW(parse_window("30m..20m", *loaded.spec), std::invalid_argument);
  EXPECT_THROW(parse_window("soon", *loaded.spec), std::invalid_argument);
}

}  // namespace
}  // namespace msim::experiment
