#pragma once
/** @file
 *  @brief Sampled request tracing: which requests are traced (the scenario's trace sample, from
 *         the "tracing" stream), their span ids, spans.csv rows to the recorders that take them,
 *         and the latency breakdown of traced requests (queue, work, network per service) that
 *         summary.json reports.
 */
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "core/RandomStream.hpp"
#include "core/Simulator.hpp"
#include "metrics/Recorder.hpp"
#include "model/Runtime.hpp"
#include "scenario/ScenarioSpec.hpp"

namespace msim::model {

class Tracing {
public:
  /** Where the time of traced requests went, per (request type, service), summed. */
  struct Breakdown {
    std::uint64_t calls = 0;
    double queue_s = 0, work_s = 0, network_s = 0;
  };
  /** Traced requests that completed, per request type, and their latency sum (s). */
  struct Completed {
    std::uint64_t requests = 0;
    double latency_s = 0;
  };

  Tracing(const scenario::ScenarioSpec& spec, std::uint64_t replication, const core::Simulator& sim, const std::vector<Service>& services,
          const std::vector<Instance>& instances, const std::vector<metrics::Recorder*>& recorders);

  /** A new request: traced with the scenario's sample ratio. */
  void sample(Call& root) {
    if (sample_ > 0 && rng_.uniform01() < sample_) {
      root.traced = true;
      root.trace.span = next_span_id_++;
    }
  }
  /** A call that a traced call makes is traced too. */
  void child(const Call& parent, Call& child) {
    child.traced = true;
    child.request_type = parent.request_type;
    child.trace.span = next_span_id_++;
    child.trace.parent_span = parent.trace.span;
  }
  /** A traced call's work is done: its queueing and work time. */
  void work_done(const Call& call);
  /** A traced call's response reached its caller (or it failed on the way): its span, and its network time. */
  void responded(const Call& call);
  /** A traced request completed with `latency_ns`. */
  void completed(const Call& root, std::int64_t latency_ns) {
    auto& c = completed_[root.request_type];
    ++c.requests;
    c.latency_s += static_cast<double>(latency_ns) * 1e-9;
  }
  /** The warm-up is over: the breakdown starts again. */
  void reset_window() {
    breakdown_.clear();
    completed_.clear();
  }

  const std::map<std::pair<std::uint32_t, std::uint32_t>, Breakdown>& breakdown() const { return breakdown_; }
  const std::map<std::uint32_t, Completed>& completed() const { return completed_; }

private:
  const core::Simulator& sim_;
  const std::vector<Service>& services_;
  const std::vector<Instance>& instances_;
  const std::vector<metrics::Recorder*>& recorders_;
  double sample_;
  core::RandomStream rng_;  // "tracing"
  bool spans_wanted_ = false;  // some recorder takes spans
  std::uint64_t next_span_id_ = 0;
  std::map<std::pair<std::uint32_t, std::uint32_t>, Breakdown> breakdown_;
  std::map<std::uint32_t, Completed> completed_;
};

}  // namespace msim::model
