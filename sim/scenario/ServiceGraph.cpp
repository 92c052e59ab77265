#include "scenario/ServiceGraph.hpp"

#include <algorithm>
#include <map>
#include <vector>

#include <boost/graph/depth_first_search.hpp>
#include <boost/graph/graphviz.hpp>
#include <boost/graph/topological_sort.hpp>
#include <fmt/format.h>

namespace msim::scenario {
namespace {

using EVertex = boost::graph_traits<EndpointGraph>::vertex_descriptor;
using EEdge = boost::graph_traits<EndpointGraph>::edge_descriptor;

struct CycleFound {
  EEdge closing;
};

// Records the DFS tree, and stops at the first back edge: that edge closes a cycle.
class CycleVisitor : public boost::default_dfs_visitor {
public:
  explicit CycleVisitor(std::vector<EVertex>& parent) : parent_(parent) {}
  void tree_edge(EEdge e, const EndpointGraph& g) const { parent_[boost::target(e, g)] = boost::source(e, g); }
  void back_edge(EEdge e, const EndpointGraph&) const { throw CycleFound{e}; }

private:
  std::vector<EVertex>& parent_;
};

std::string vertex_name(const EndpointGraph& g, EVertex v) { return g[v].service + "." + g[v].endpoint; }

// A DOT string literal's content: quotes and backslashes escaped.
std::string dot_escape(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

EndpointGraph build_endpoint_graph(const ScenarioSpec& spec) {
  EndpointGraph g;
  std::map<std::pair<std::string, std::string>, EVertex> index;
  for (const auto& svc : spec.services)
    for (const auto& ep : svc.endpoints) index[{svc.name, ep.name}] = boost::add_vertex(EndpointVertex{svc.name, ep.name}, g);
  for (const auto& svc : spec.services)
    for (const auto& ep : svc.endpoints)
      for (const auto& step : ep.steps)
        for (const auto& call : step.calls) {
          const auto to = index.find({call.service, call.endpoint});
          if (to != index.end()) boost::add_edge(index.at({svc.name, ep.name}), to->second, CallEdge{&call}, g);
        }
  return g;
}

ServiceDependencyGraph build_service_graph(const ScenarioSpec& spec) {
  ServiceDependencyGraph g;
  std::map<std::string, boost::graph_traits<ServiceDependencyGraph>::vertex_descriptor> index;
  for (const auto& svc : spec.services) index[svc.name] = boost::add_vertex(ServiceVertex{svc.name, svc.replicas}, g);
  for (const auto& svc : spec.services)
    for (const auto& ep : svc.endpoints)
      for (const auto& step : ep.steps)
        for (const auto& call : step.calls) {
          const auto to = index.find(call.service);
          if (to == index.end()) continue;
          auto [e, exists] = boost::edge(index.at(svc.name), to->second, g);
          if (!exists) e = boost::add_edge(index.at(svc.name), to->second, g).first;
          ++g[e].calls;
        }
  return g;
}

void check_call_cycles(const ScenarioSpec& spec, Diagnostics& diagnostics) {
  const EndpointGraph g = build_endpoint_graph(spec);
  std::vector<EVertex> parent(boost::num_vertices(g));
  for (EVertex v = 0; v < parent.size(); ++v) parent[v] = v;
  try {
    boost::depth_first_search(g, boost::visitor(CycleVisitor(parent)));
  } catch (const CycleFound& found) {
    const EVertex from = boost::source(found.closing, g);
    const EVertex to = boost::target(found.closing, g);
    std::vector<std::string> path{vertex_name(g, to)};
    std::vector<std::string> back;
    for (EVertex v = from; v != to && parent[v] != v; v = parent[v]) back.push_back(vertex_name(g, v));
    path.insert(path.end(), back.rbegin(), back.rend());
    path.push_back(vertex_name(g, to));
    const CallSpec* call = g[found.closing].call;
    diagnostics.error(call->where, fmt::format("call cycle: {} (a request would recurse forever)", fmt::join(path, " -> ")));
  }
}

std::map<std::string, int> call_depths(const ScenarioSpec& spec) {
  const ServiceDependencyGraph g = build_service_graph(spec);
  std::map<std::string, int> depth;
  for (const auto& svc : spec.services) depth[svc.name] = 0;
  // Services may call each other at different endpoints without an endpoint cycle; a service
  // cycle then has no topological order, and the depths stay those found so far.
  std::vector<boost::graph_traits<ServiceDependencyGraph>::vertex_descriptor> order;
  try {
    boost::topological_sort(g, std::back_inserter(order));
  } catch (const boost::not_a_dag&) {
    return depth;
  }
  for (auto it = order.rbegin(); it != order.rend(); ++it) {  // callers before callees
    for (const auto e : boost::make_iterator_range(boost::out_edges(*it, g))) {
      const auto& to = g[boost::target(e, g)].name;
      depth[to] = std::max(depth[to], depth[g[*it].name] + 1);
    }
  }
  return depth;
}

void write_dot(const ScenarioSpec& spec, std::ostream& out) {
  const ServiceDependencyGraph g = build_service_graph(spec);
  const auto depth = call_depths(spec);
  std::map<int, std::vector<std::size_t>> ranks;
  for (std::size_t v = 0; v < boost::num_vertices(g); ++v) ranks[depth.at(g[v].name)].push_back(v);
  auto vertex_writer = [&](std::ostream& os, std::size_t v) {
    os << fmt::format("[label=\"{}\\nx{}\", shape=box]", g[v].name, g[v].replicas);
  };
  auto edge_writer = [&](std::ostream& os, boost::graph_traits<ServiceDependencyGraph>::edge_descriptor e) {
    if (g[e].calls > 1) os << fmt::format("[label=\"{} calls\"]", g[e].calls);
  };
  auto graph_writer = [&](std::ostream& os) {
    os << "rankdir=LR;\n";
    os << fmt::format("label=\"{}\";\n", dot_escape(spec.name));
    for (const auto& [d, vs] : ranks) {
      os << "{rank=same;";
      for (const auto v : vs) os << ' ' << v << ';';
      os << "}\n";
    }
  };
  boost::write_graphviz(out, g, vertex_writer, edge_writer, graph_writer);
}

}  // namespace msim::scenario
