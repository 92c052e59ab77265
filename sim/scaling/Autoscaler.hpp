#pragma once
/** @file
 *  @brief The extension point for scaling strategies: the interface a strategy implements (given
 *         what the metrics pipeline shows, how many replicas now, and why), and its registry entry
 *         (name, help, own parameters, what its settings need, factory).
 *
 *  Adding a strategy is one new file in this folder plus one line in Registry.cpp
 *  (docs/architecture.md, "Adding an autoscaler").
 */
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "scaling/Hpa.hpp"
#include "scaling/Settings.hpp"

namespace msim::scaling {

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

/** One registry entry. */
struct Strategy {
  std::string name;
  std::string help;  // one line: what it does and whose semantics it follows
  std::vector<core::ParamSpec> params;  // its own keys in the autoscaler block
  /** What it reads from `metrics`: nothing, those given (Kubernetes' 80 % CPU when none is
   *  given), or a latency objective (msim compare takes the scenario's slo: when none is given). */
  enum class Metrics { NONE, GIVEN_OR_CPU, LATENCY_OBJECTIVE };
  Metrics metrics = Metrics::NONE;
  /** What complete settings lack for this strategy, e.g. "'steps', a list such as [...]"; empty
   *  when nothing is missing. Shared settings only: its own parameters have fallbacks. */
  std::function<std::string(const Settings&)> missing = [](const Settings&) { return std::string(); };
  /** Settings with every own parameter present; nullptr means the replicas never change. */
  std::function<std::unique_ptr<Autoscaler>(const Settings&)> make;
};

/** The registered strategies, in registration order (static first). */
const std::vector<Strategy>& strategies();
/** nullptr when no strategy has that name. */
const Strategy* find_strategy(std::string_view name);
std::vector<std::string> strategy_names();
/** The strategy `settings.kind` names, built with its parameters' fallbacks for those not given;
 *  nullptr for one whose replicas never change (static). Throws std::invalid_argument for an
 *  unknown name. */
std::unique_ptr<Autoscaler> make_autoscaler(const Settings& settings);
/** True when `metrics` has a latency objective. */
bool has_latency_objective(const std::vector<ScalingMetric>& metrics);

}  // namespace msim::scaling
