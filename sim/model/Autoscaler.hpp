#pragma once
/** @file
 *  @brief Autoscaling strategies behind one interface: given what the metrics pipeline shows,
 *         how many replicas should a service have now, and why.
 */
#include <memory>
#include <string>
#include <vector>

#include "model/Hpa.hpp"
#include "scenario/ScenarioSpec.hpp"

namespace msim::model {

/** What an autoscaler sees at a decision: the pods as the metrics pipeline last scraped them. */
struct ScalingView {
  core::SimTime now;
  int current = 0;  // the replica count currently asked for (the Deployment's spec.replicas)
  int ready = 0;  // pods running and ready
  std::vector<hpa::PodSample> pods;  // CPU usage per pod
  std::vector<hpa::PodSample> rps, in_flight, queue_length;  // the same pods, with custom metrics as values
  int workers = 1;  // per instance
  double latency = 0;  // the service's latency percentile over the last window (seconds), for latency metrics
  bool latency_valid = false;
};

struct ScalingDecision {
  int replicas = 0;
  std::string reason;
};

class Autoscaler {
public:
  virtual ~Autoscaler() = default;
  virtual ScalingDecision decide(const ScalingView& view) = 0;
  virtual const char* name() const = 0;
  /** How often decide() runs. */
  virtual core::SimTime period() const = 0;
};

/** The strategy a spec asks for; nullptr for static (fixed replicas). */
std::unique_ptr<Autoscaler> make_autoscaler(const scenario::AutoscalerSpec& spec);

}  // namespace msim::model
