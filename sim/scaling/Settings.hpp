#pragma once
/** @file
 *  @brief What a service's `autoscaler:` block says, as plain data: the strategy's name, the
 *         settings every strategy shares (bounds, metrics, HPA behavior, cooldowns, steps, a
 *         schedule) and the strategy's own parameters (its registry entry declares them).
 */
#include <string>
#include <utility>
#include <vector>

#include "core/Params.hpp"
#include "core/SimTime.hpp"

namespace msim::scaling {

using core::SimTime;

/** One HPA scaling direction (autoscaling/v2 HPAScalingRules). */
struct ScalingRules {
  struct Policy {
    bool percent = false;  // Percent, else Pods
    int value = 0;
    SimTime period = SimTime::from_seconds(15);
  };
  SimTime stabilization = SimTime::zero();
  enum class Select { MAX, MIN, DISABLED };
  Select select = Select::MAX;
  std::vector<Policy> policies;
};

/** A metric an autoscaler watches, with its target. */
struct ScalingMetric {
  enum class Kind { CPU, RPS, IN_FLIGHT, QUEUE_LENGTH, LATENCY };
  Kind kind = Kind::CPU;
  double target = 0;  // CPU: utilization fraction of the request (0.6 = 60 %); RPS, in-flight, queue: per instance; latency: seconds
  double quantile = 0.99;  // LATENCY: which percentile
};

/** How a service's replica count is decided over time. */
struct Settings {
  std::string kind = "static";  // a registered strategy's name (scaling/Registry.cpp)
  int min_replicas = 1;
  int max_replicas = 100;
  std::vector<ScalingMetric> metrics;
  // HPA (Kubernetes defaults); sync_period is every strategy's decision period.
  SimTime sync_period = SimTime::from_seconds(15);
  double tolerance = 0.1;
  SimTime metrics_resolution = SimTime::from_seconds(15);  // metrics-server scrape interval and window
  SimTime cpu_initialization = SimTime::from_seconds(300);
  SimTime initial_readiness_delay = SimTime::from_seconds(30);
  ScalingRules scale_up;
  ScalingRules scale_down;
  // The cloud-provider style strategies' cooldowns.
  SimTime cooldown_out = SimTime::from_seconds(60);
  SimTime cooldown_in = SimTime::from_seconds(300);
  struct StepRule {
    bool above = true;  // applies when metric / target > bound (else when < bound)
    double bound = 1;
    int add = 0;  // replicas to add (negative: remove)
  };
  std::vector<StepRule> steps;  // step scaling
  std::vector<std::pair<SimTime, int>> schedule;  // scheduled scaling: (from time, replicas)
  core::Params params;  // the strategies' own parameters, as given (absent ones at their fallbacks when built)
};

}  // namespace msim::scaling
