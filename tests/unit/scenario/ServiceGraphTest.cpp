#include "scenario/ServiceGraph.hpp"

#include <sstream>

#include <gtest/gtest.h>

#include "scenario/ScenarioLoader.hpp"

namespace msim::scenario {
namespace {

const char* CHAIN = R"Y(
services:
  web: { endpoints: { home: { work: 1ms, calls: [api.list, { parallel: [cache.get, db.query] }] } } }
  api: { endpoints: { list: { work: 1ms, calls: [db.query] } } }
  cache: { endpoints: { get: { work: 1ms } } }
  db: { replicas: 2, endpoints: { query: { work: 1ms } } }
workload:
  - { name: users, rate: 10/s, call: web.home }
)Y";

ScenarioSpec load_ok(const char* text) {
  auto r = load_scenario_text(text, "graph.yaml", ".");
  for (const auto& d : r.diagnostics) ADD_FAILURE() << d.format();
  return r.spec.value_or(ScenarioSpec{});
}

TEST(ServiceGraph, DepthsFollowTheLongestCallChain) {
  const auto depth = call_depths(load_ok(CHAIN));
  EXPECT_EQ(depth.at("web"), 0);
  EXPECT_EQ(depth.at("api"), 1);
  EXPECT_EQ(depth.at("cache"), 1);
  EXPECT_EQ(depth.at("db"), 2);
}

TEST(ServiceGraph, DotHasEveryServiceAndCall) {
  std::ostringstream out;
  write_dot(load_ok(CHAIN), out);
  const std::string dot = out.str();
  EXPECT_NE(dot.find("digraph"), std::string::npos);
  EXPECT_NE(dot.find("db\\nx2"), std::string::npos);
  const auto g = build_service_graph(load_ok(CHAIN));
  EXPECT_EQ(boost::num_vertices(g), 4u);
  EXPECT_EQ(boost::num_edges(g), 4u);  // web->api, web->cache, web->db, api->db
}

TEST(ServiceGraph, ServicesCallingEachOtherAtDifferentEndpointsAreNoCycle) {
  auto r = load_scenario_text(R"Y(
services:
  a: { endpoints: { x: { calls: [b.y] }, z: { work: 1ms } } }
  b: { endpoints: { y: { calls: [a.z] } } }
workload: [ { name: w, rate: 1/s, call: a.x } ]
)Y", "ok.yaml", ".");
  EXPECT_TRUE(r.ok());
}

}  // namespace
}  // namespace msim::scenario
