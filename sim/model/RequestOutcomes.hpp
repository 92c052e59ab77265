#pragma once
/** @file
 *  @brief End-to-end outcomes of requests: per request type, for all requests together, and per
 *         measured window (RunOptions::windows, msim compare's load windows). It hears each
 *         request's end as the first ModelObserver; the metrics tick and the summary read it.
 */
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/SimTime.hpp"
#include "model/Counters.hpp"
#include "model/ModelEvents.hpp"

namespace msim::model {

class RequestOutcomes final : public ModelObserver {
public:
  struct Type {
    std::string name;
    WindowedOutcome stats;
  };
  /** The requests that ended within [from, to). */
  struct Window {
    core::SimTime from;
    core::SimTime to;
    OutcomeCounter outcome;
  };

  RequestOutcomes(std::vector<std::string> type_names, const std::vector<std::pair<core::SimTime, core::SimTime>>& windows) {
    for (auto& name : type_names) types_.push_back({std::move(name), {}});
    for (const auto& [from, to] : windows) windows_.push_back({from, to, {}});
  }

  void request_ended(const RequestEnded& e) override {
    if (!windows_.empty()) [[unlikely]] record_in_windows(e.failed, e.cause, e.latency_ns, e.at);
    if (e.failed) {
      types_[e.request_type].stats.failed(e.cause, e.latency_ns);
      all_.failed(e.cause, e.latency_ns);
    } else {
      types_[e.request_type].stats.completed(e.latency_ns);
      all_.completed(e.latency_ns);
    }
  }
  /** The warm-up ended: the measured window starts again. */
  void reset_window() {
    for (auto& t : types_) t.stats.window.reset();
    all_.window.reset();
  }
  /** A metrics interval ended. */
  void reset_interval() {
    for (auto& t : types_) t.stats.interval.reset();
    all_.interval.reset();
  }

  const std::vector<Type>& types() const { return types_; }
  const WindowedOutcome& all() const { return all_; }
  const std::vector<Window>& windows() const { return windows_; }

private:
  // Rare: only msim compare's load windows use it.
  void record_in_windows(bool failed, FailureCause cause, std::int64_t latency_ns, core::SimTime now) {
    for (auto& w : windows_) {
      if (now < w.from || now >= w.to) continue;
      if (failed) w.outcome.failed(cause, latency_ns);
      else w.outcome.completed(latency_ns);
    }
  }

  std::vector<Type> types_;
  WindowedOutcome all_;
  std::vector<Window> windows_;
};

/** Told at the end of every metrics interval, before its counts are reset (rollbacks check them). */
class IntervalListener {
public:
  virtual void interval_ended() = 0;

protected:
  ~IntervalListener() = default;
};

}  // namespace msim::model
