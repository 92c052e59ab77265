#pragma once
/** @file
 *  @brief The model's typed events and who hears them: components announce what happened
 *         (a request ended, a cluster event) to a ModelSignals hub, and every subscribed ModelObserver hears
 *         it in subscription order. The model's own window statistics (RequestOutcomes) are an
 *         observer too, told first by a direct call (the request path cannot afford a virtual
 *         call per request); RunOptions::observers subscribe here (MSER's pilot, tests, tools).
 */
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/SimTime.hpp"
#include "model/Counters.hpp"

namespace msim::model {

/** A request's end: completed, or failed with `cause`, `latency_ns` after it was sent. */
struct RequestEnded {
  core::SimTime at;
  std::uint32_t request_type = 0;  // index into the traffic's request types
  bool failed = false;
  FailureCause cause = FailureCause::ERROR;  // meaningful when failed
  std::int64_t latency_ns = 0;
};

/** Something happened in the cluster: a crash, a scaling decision, a node added, a rollout step...
 *  The fields are those of an events.csv row (docs/output-format.md lists the kinds); the views
 *  are valid during the call only. */
struct ClusterEvent {
  core::SimTime at;
  std::string_view kind;  // "crash", "scale", "node_added", "rollout_step", ...
  std::string_view id;  // the failure's id, for fault events
  std::string_view service;
  std::string_view target;  // an instance, a node, an edge, an autoscaler
  std::string_view before, after, reason;
};

/** Hears the model's typed events; override those you need. Must outlive the run it observes. */
class ModelObserver {
public:
  virtual void request_ended(const RequestEnded& /*event*/) {}
  virtual void cluster_event(const ClusterEvent& /*event*/) {}

protected:
  ~ModelObserver() = default;
};

/** Where components announce events; not owning its observers. */
class ModelSignals {
public:
  void subscribe(ModelObserver* observer) { observers_.push_back(observer); }
  void request_ended(const RequestEnded& e) const {
    for (auto* o : observers_) o->request_ended(e);
  }
  void cluster_event(const ClusterEvent& e) const {
    for (auto* o : observers_) o->cluster_event(e);
  }

private:
  std::vector<ModelObserver*> observers_;
};

}  // namespace msim::model
