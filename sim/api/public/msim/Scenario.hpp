#pragma once
/** @file
 *  @brief Scenarios before they run: validation (of files and of an editor's text), the service
 *         graph, generated scenarios, the autoscaler names a scenario can use.
 */
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <msim/Common.hpp>

namespace msim::api {

/** The problems of a scenario (empty: valid); also its warnings and, when valid, what a run needs. */
std::vector<Problem> validate(const std::string& path, const SessionOptions& options = {}, std::vector<Problem>* warnings = nullptr,
                              std::optional<FootprintEstimate>* needs = nullptr);

/** Validates scenario text (an editor's unsaved buffer); `path` names it in problems and anchors data files. */
std::vector<Problem> validate_text(const std::string& text, const std::string& path, const SessionOptions& options = {});

/** The service dependency graph: services with their call depth (0 = no caller), and who calls whom. */
struct ServiceGraph {
  struct Service {
    std::string name;
    int replicas = 0;
    int depth = 0;
  };
  struct Call {
    std::string from;
    std::string to;
    int call_sites = 0;  // call sites merged into this edge
  };
  std::vector<Service> services;  // in scenario order
  std::vector<Call> calls;
  std::optional<double> slo_ms;  // the scenario's latency objective, if any
  std::optional<double> slo_percentile;  // e.g. 99
  std::vector<Problem> problems;  // set when the scenario does not load
};

ServiceGraph service_graph(const std::string& path, const SessionOptions& options = {});

/** Graphviz DOT of the scenario's service graph, or the problems that prevent it. */
std::pair<std::string, std::vector<Problem>> graph_dot(const std::string& path, const SessionOptions& options = {});

/** `msim generate`: a synthetic scenario shaped like the Alibaba traces, as YAML text. */
std::pair<std::string, std::vector<Problem>> generate_scenario(int services, int instances, double rate, const std::string& duration,
                                                               std::uint64_t seed);

/** Every scaling strategy by name (static also as static:N), from the one registry of autoscaler kinds. */
std::vector<std::string> strategy_names();

}  // namespace msim::api
