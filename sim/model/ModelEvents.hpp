#pragma once
/** @file
 *  @brief The model's typed events and who hears them: components announce what happened
 *         (a request ended, ...) to a ModelSignals hub, and every subscribed ModelObserver hears
 *         it in subscription order. The model's own window statistics (RequestOutcomes) are an
 *         observer too, told first by a direct call (the request path cannot afford a virtual
 *         call per request); RunOptions::observers subscribe here (MSER's pilot, tests, tools).
 */
#include <cstdint>
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

/** Hears the model's typed events; override those you need. Must outlive the run it observes. */
class ModelObserver {
public:
  virtual void request_ended(const RequestEnded& /*event*/) {}

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

private:
  std::vector<ModelObserver*> observers_;
};

}  // namespace msim::model
