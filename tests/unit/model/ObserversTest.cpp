// Typed model events: an observer subscribed through RunOptions hears every request's end with
// its cause, agrees with summary.json's counts, and does not change the run.
#include <algorithm>
#include <array>
#include <stdexcept>

#include <gtest/gtest.h>

#include "ModelTestSupport.hpp"
#include "metrics/RowKeeper.hpp"
#include "model/ModelEvents.hpp"
#include "scenario/ScenarioBuilder.hpp"

namespace msim::model {
namespace {

using core::Distribution;
using core::SimTime;

scenario::ScenarioSpec flaky_shop() {
  scenario::ScenarioBuilder b("flaky");
  b.seed(5).duration(SimTime::from_seconds(60));
  b.service("front").workers(8).endpoint("get", Distribution::exponential(0.001)).call("db.query").timeout(SimTime::from_seconds(0.05));
  b.service("db").workers(2).queue(5).endpoint("query", Distribution::exponential(0.004));
  b.open_workload("users", 450, {{"browse", "front.get", 1}});
  scenario::FailureSpec errors;
  errors.kind = "errors";
  errors.service = "db";
  errors.error_rate = 0.2;
  errors.at = SimTime::from_seconds(10);
  b.failure(errors);
  auto built = b.build();
  if (!built.ok()) throw std::runtime_error(built.diagnostics.front().format());  // fails the test cleanly
  return *built.spec;
}

struct Tally final : ModelObserver {
  std::uint64_t completed = 0;
  std::array<std::uint64_t, FAILURE_CAUSE_NAMES.size()> failed{};
  SimTime last;
  bool in_order = true;
  void request_ended(const RequestEnded& e) override {
    in_order = in_order && e.at >= last;
    last = e.at;
    if (e.failed) ++failed[static_cast<std::size_t>(e.cause)];
    else ++completed;
  }
};

nlohmann::ordered_json run_with(const scenario::ScenarioSpec& spec, ModelObserver* observer) {
  RunOptions options;
  if (observer) options.observers.push_back(observer);
  Simulation sim(spec, options);
  while (!sim.advance(1 << 20)) {
  }
  return sim.summary(0.0);
}

TEST(Observers, HearEveryRequestEndWithItsCauseAsTheSummaryCountsThem) {
  const auto spec = flaky_shop();
  Tally tally;
  const auto s = run_with(spec, &tally);
  const auto& all = s["requests"]["all"];
  ASSERT_GT(all["completed"].get<std::uint64_t>(), 20000u);
  EXPECT_EQ(tally.completed, all["completed"].get<std::uint64_t>());
  std::uint64_t failures = 0;
  for (std::size_t i = 0; i < FAILURE_CAUSE_NAMES.size(); ++i) {
    EXPECT_EQ(tally.failed[i], all["failed_by_cause"][FAILURE_CAUSE_NAMES[i]].get<std::uint64_t>()) << FAILURE_CAUSE_NAMES[i];
    failures += tally.failed[i];
  }
  EXPECT_GT(failures, 1000u);  // the injected errors and the queue's rejections show up
  EXPECT_GT(tally.failed[static_cast<std::size_t>(FailureCause::ERROR)], 0u);
  EXPECT_TRUE(tally.in_order);
}

TEST(Observers, DoNotChangeTheRun) {
  const auto spec = flaky_shop();
  Tally tally;
  EXPECT_EQ(run_with(spec, &tally).dump(), run_with(spec, nullptr).dump());
}

struct EventCopies final : ModelObserver {
  std::vector<EventRow> rows;
  void cluster_event(const ClusterEvent& e) override {
    rows.push_back({e.at.seconds(), std::string(e.id), std::string(e.kind), std::string(e.service), std::string(e.target), std::string(e.before),
                    std::string(e.after), std::string(e.reason)});
  }
};

bool same(const EventRow& a, const EventRow& b) {
  return a.time_s == b.time_s && a.id == b.id && a.kind == b.kind && a.service == b.service && a.target == b.target && a.before == b.before &&
         a.after == b.after && a.reason == b.reason;
}

TEST(Observers, HearEveryClusterEventThatEventsCsvGets) {
  auto spec = flaky_shop();
  scenario::FailureSpec crash;
  crash.kind = "crash";
  crash.service = "db";
  crash.at = SimTime::from_seconds(20);
  crash.duration = SimTime::from_seconds(5);
  crash.where = spec.failures.front().where;
  spec.failures.push_back(crash);
  metrics::RowKeeper keeper;
  EventCopies copies;
  RunOptions options;
  options.recorders.push_back(&keeper);
  options.observers.push_back(&copies);
  Simulation sim(spec, options);
  while (!sim.advance(1 << 20)) {
  }
  std::vector<TimeseriesRow> series;
  std::vector<EventRow> rows;
  keeper.take(series, rows);
  ASSERT_EQ(copies.rows.size(), rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) EXPECT_TRUE(same(copies.rows[i], rows[i])) << i << ": " << rows[i].kind;
  const auto crashed = std::count_if(copies.rows.begin(), copies.rows.end(), [](const EventRow& r) { return r.kind == "crash" && r.service == "db"; });
  EXPECT_EQ(crashed, 1);
  EXPECT_TRUE(std::any_of(copies.rows.begin(), copies.rows.end(), [](const EventRow& r) { return r.kind == "errors"; }));
}

}  // namespace
}  // namespace msim::model
