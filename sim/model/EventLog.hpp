#pragma once
/** @file
 *  @brief events.csv as the model emits it: each component logs what happened (a crash, a scaling
 *         decision, a node added...) and every recorder of the run hears it, stamped with the
 *         simulated time, as do the run's observers (a ClusterEvent).
 */
#include <string_view>
#include <vector>

#include "core/Simulator.hpp"
#include "metrics/Recorder.hpp"
#include "model/ModelEvents.hpp"

namespace msim::model {

class EventLog {
public:
  /** None is owned; all outlive the log. */
  EventLog(const core::Simulator& sim, const std::vector<metrics::Recorder*>& recorders, const ModelSignals& signals)
      : sim_(sim), recorders_(recorders), signals_(signals) {}

  void log(std::string_view kind, std::string_view id, std::string_view service, std::string_view target, std::string_view before,
           std::string_view after, std::string_view reason) const {
    for (auto* r : recorders_) r->event(sim_.now().seconds(), id, kind, service, target, before, after, reason);
    signals_.cluster_event({sim_.now(), kind, id, service, target, before, after, reason});
  }

private:
  const core::Simulator& sim_;
  const std::vector<metrics::Recorder*>& recorders_;
  const ModelSignals& signals_;
};

}  // namespace msim::model
