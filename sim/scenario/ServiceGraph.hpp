#pragma once
/** @file
 *  @brief The call graph of a scenario as a Boost.Graph: cycle check, layering, Graphviz export.
 */
#include <map>
#include <ostream>
#include <string>

#include <boost/graph/adjacency_list.hpp>

#include "scenario/Diagnostics.hpp"
#include "scenario/ScenarioSpec.hpp"

namespace msim::scenario {

struct EndpointVertex {
  std::string service;
  std::string endpoint;
};
struct CallEdge {
  const CallSpec* call = nullptr;
};
/** Vertices are endpoints ("service.endpoint"); an edge is a call from one to another. */
using EndpointGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, EndpointVertex, CallEdge>;

struct ServiceVertex {
  std::string name;
  int replicas = 0;
};
struct ServiceEdge {
  int calls = 0;  // number of call sites from one service to the other
};
/** Vertices are services; parallel call sites between two services are merged into one edge. */
using ServiceDependencyGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, ServiceVertex, ServiceEdge>;

EndpointGraph build_endpoint_graph(const ScenarioSpec& spec);
ServiceDependencyGraph build_service_graph(const ScenarioSpec& spec);

/** Reports a call cycle (endpoint level: it would recurse forever) with its path. */
void check_call_cycles(const ScenarioSpec& spec, Diagnostics& diagnostics);

/** Call depth of each service: 0 for services no one calls, else 1 + the deepest caller. */
std::map<std::string, int> call_depths(const ScenarioSpec& spec);

/** Graphviz DOT of the service graph, services ranked by call depth. */
void write_dot(const ScenarioSpec& spec, std::ostream& out);

}  // namespace msim::scenario
