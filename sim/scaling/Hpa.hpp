#pragma once
/** @file
 *  @brief The Kubernetes HorizontalPodAutoscaler's arithmetic, as its controller does it
 *         (pkg/controller/podautoscaler: replica_calculator.go and horizontal.go): pod grouping,
 *         tolerance, missing metrics, not-ready pods, stabilization windows and scaling policies.
 */
#include <string>
#include <vector>

#include "core/SimTime.hpp"
#include "scaling/Settings.hpp"

namespace msim::scaling::hpa {

using core::SimTime;

/** What the controller knows of one pod at a sync. */
struct PodSample {
  bool being_deleted = false;  // deletionTimestamp set
  bool failed = false;  // phase Failed
  bool pending = false;  // phase Pending
  bool has_metric = false;
  double value = 0;  // CPU usage (cores) or the custom metric's value
  double request = 1;  // CPU request (cores)
  bool ready = false;  // Ready condition True
  bool has_ready_condition = true;
  SimTime start_time;
  SimTime ready_transition;  // last transition of the Ready condition
  SimTime metric_timestamp;
  SimTime metric_window = SimTime::from_seconds(15);
};

struct Proposal {
  int replicas = 0;
  double usage_ratio = 0;  // metric / target (1 = on target)
  bool valid = true;  // false when no pod has a metric (the metric is skipped)
};

struct Timing {
  SimTime now;
  SimTime cpu_initialization = SimTime::from_seconds(300);
  SimTime initial_readiness_delay = SimTime::from_seconds(30);
};

/** GetResourceReplicas for CPU with a target utilization (fraction of the request, 0.6 = 60 %). */
Proposal resource_replicas(int current_replicas, const std::vector<PodSample>& pods, double target_utilization, double tolerance,
                           const Timing& timing);

/** GetMetricReplicas for a pods metric with a target average value per pod. */
Proposal pods_metric_replicas(int current_replicas, const std::vector<PodSample>& pods, double target_average, double tolerance);

/** GetObjectMetricReplicas with a Value target: usage / target over the ready pods. */
Proposal object_metric_replicas(int current_replicas, double usage, double target, int ready_pods, double tolerance);

/**
 * The stabilization windows and scaling policies (autoscaling/v2 behavior) of one HPA; keeps the
 * recommendations and scale events that they look back on.
 */
class Behavior {
public:
  Behavior(ScalingRules up, ScalingRules down) : up_(std::move(up)), down_(std::move(down)) {}

  struct Result {
    int replicas = 0;
    std::string reason;
  };
  /** From the metrics' proposal to the replicas to set now (does not record a scale event). */
  Result normalize(SimTime now, int current, int desired, int min_replicas, int max_replicas);
  /** stabilizeRecommendationWithBehaviors: the windows; records `desired` as a recommendation. */
  int stabilize(SimTime now, int current, int desired, std::string& reason);
  /** convertDesiredReplicasWithBehaviorRate: the policies' rate limits and min/max. */
  Result limit_rate(SimTime now, int current, int desired, int min_replicas, int max_replicas) const;
  /** Records a change of the replica count (for the policies' periods). */
  void record_scale(SimTime now, int change);

  /** Seeds the history (tests; and the controller's first sight of an HPA). */
  void add_recommendation(SimTime at, int replicas) { recommendations_.push_back({at, replicas}); }
  std::vector<int> recommendations() const {
    std::vector<int> v;
    for (const auto& r : recommendations_) v.push_back(r.replicas);
    return v;
  }

  static int scale_up_limit(int current, SimTime now, const std::vector<std::pair<SimTime, int>>& up_events,
                            const std::vector<std::pair<SimTime, int>>& down_events, const ScalingRules& rules);
  static int scale_down_limit(int current, SimTime now, const std::vector<std::pair<SimTime, int>>& up_events,
                              const std::vector<std::pair<SimTime, int>>& down_events, const ScalingRules& rules);

private:
  struct Recommendation {
    SimTime at;
    int replicas;
  };
  ScalingRules up_;
  ScalingRules down_;
  std::vector<Recommendation> recommendations_;
  std::vector<std::pair<SimTime, int>> up_events_;  // (time, replicas added)
  std::vector<std::pair<SimTime, int>> down_events_;  // (time, replicas removed)
};

}  // namespace msim::scaling::hpa
