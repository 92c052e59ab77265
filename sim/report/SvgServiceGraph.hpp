#pragma once
/** @file
 *  @brief The service graph as SVG: services in columns by call depth (callers left of callees),
 *  coloured by utilization, arrows for calls.
 */
#include <string>
#include <vector>

namespace msim::report {

struct GraphNode {
  std::string name;
  std::vector<std::string> calls_to;  // callee services
  std::string detail;  // second line of its box, e.g. "3 replicas · 45 % CPU · p99 12 ms"
  double utilization = 0;  // colours the box
};

std::string render_service_graph(const std::vector<GraphNode>& nodes, const std::string& id);

}  // namespace msim::report
