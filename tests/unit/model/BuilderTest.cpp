// ScenarioBuilder: a model built in C++ without YAML runs exactly as the same scenario read from
// YAML, and a bad build is a list of problems naming the key, never a run.
#include "scenario/ScenarioBuilder.hpp"

#include <algorithm>

#include <gtest/gtest.h>

#include "ModelTestSupport.hpp"

namespace msim::model {
namespace {

using core::Distribution;
using core::SimTime;
using scenario::ScenarioBuilder;

constexpr const char* TWO_TIER_YAML = R"Y(
name: shop
seed: 11
duration: 120s
warmup: 20s
services:
  front:
    replicas: 2
    workers: 4
    balancer: least_request
    endpoints:
      get:
        work: "exponential(2ms)"
        calls:
          - { call: db.query, probability: 0.5 }
          - parallel: [ cache.read, cache.read ]
  db:
    workers: 2
    endpoints: { query: { work: "constant(3ms)" } }
  cache:
    endpoints: { read: { work: "exponential(0.5ms)" } }
workload:
  - name: users
    rate: 300/s
    mix: { browse: { call: front.get, weight: 3 }, peek: { call: cache.read, weight: 1 } }
)Y";

ScenarioBuilder two_tier() {
  ScenarioBuilder b("shop");
  b.seed(11).duration(SimTime::from_seconds(120)).warmup(SimTime::from_seconds(20));
  b.service("front").replicas(2).workers(4).balancer("least_request").endpoint("get", Distribution::exponential(0.002))
      .call("db.query", 0.5).parallel({"cache.read", "cache.read"});
  b.service("db").workers(2).endpoint("query", Distribution::constant(0.003));
  b.service("cache").endpoint("read", Distribution::exponential(0.0005));
  b.open_workload("users", 300, {{"browse", "front.get", 3}, {"peek", "cache.read", 1}});
  return b;
}

std::vector<std::string> messages(const scenario::LoadResult& r) {
  std::vector<std::string> out;
  for (const auto& d : r.diagnostics) out.push_back(d.message);
  return out;
}

bool has(const std::vector<std::string>& all, const std::string& part) {
  return std::any_of(all.begin(), all.end(), [&](const std::string& m) { return m.find(part) != std::string::npos; });
}

TEST(Builder, BuiltModelRunsExactlyAsTheSameScenarioFromYaml) {
  const auto built = two_tier().build();
  ASSERT_TRUE(built.ok()) << built.diagnostics.front().format();
  const auto from_builder = test::run(*built.spec);
  const auto from_yaml = test::run(test::load(TWO_TIER_YAML));
  ASSERT_GT(from_yaml["requests"]["all"]["completed"].get<double>(), 25000.0);  // a real run, not an empty one
  EXPECT_EQ(from_builder["requests"], from_yaml["requests"]);
  EXPECT_EQ(from_builder["services"], from_yaml["services"]);
  EXPECT_EQ(from_builder["events"], from_yaml["events"]);
}

TEST(Builder, TargetsAreResolvedAsTheLoaderDoes) {
  auto b = two_tier();
  const auto r = b.build();
  ASSERT_TRUE(r.ok());
  const auto& call = r.spec->services[0].endpoints[0].steps[0].calls[0];
  EXPECT_EQ(call.service, "db");
  EXPECT_EQ(call.endpoint, "query");
  EXPECT_EQ(r.spec->workloads[0].mix[1].service, "cache");
}

TEST(Builder, BadValuesAndUnknownNamesAreProblemsNamingTheKey) {
  auto b = two_tier();
  b.service("front");  // twice
  b.service("api").replicas(-1).workers(0).balancer("round_robbin").endpoint("get", Distribution::constant(0.001)).call("dbb.query", 1.5);
  b.open_workload("more", -5, {});
  const auto r = b.build();
  ASSERT_FALSE(r.ok());
  const auto all = messages(r);
  EXPECT_TRUE(has(all, "services.front: is defined twice"));
  EXPECT_TRUE(has(all, "services.api.replicas: -1 must be >= 0"));
  EXPECT_TRUE(has(all, "services.api.workers: 0 must be >= 1"));
  EXPECT_TRUE(has(all, "services.api.balancer: unknown policy 'round_robbin' (valid: round_robin,"));
  EXPECT_TRUE(has(all, "probability 1.5 is not between 0 and 1"));
  EXPECT_TRUE(has(all, "unknown service 'dbb'")) << ::testing::PrintToString(all);
  EXPECT_TRUE(has(all, "workload[1].rate: -5 must be >= 0"));
  EXPECT_TRUE(has(all, "workload[1].mix: needs at least one request type"));
  for (const auto& d : r.diagnostics) EXPECT_EQ(d.where.file, "<built: shop>");
}

TEST(Builder, CallCyclesAreRefusedAsInYaml) {
  ScenarioBuilder b("loop");
  b.service("a").endpoint("x", Distribution::constant(0.001)).call("b.y");
  b.service("b").endpoint("y", Distribution::constant(0.001)).call("a.x");
  b.open_workload("w", 10, {{"t", "a.x", 1}});
  const auto r = b.build();
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(has(messages(r), "cycle")) << r.diagnostics.front().format();
}

// What the YAML loader reports while reading, and a built spec would otherwise carry into a run.
TEST(Builder, WhatTheLoaderCatchesWhileReadingIsCaughtToo) {
  ScenarioBuilder b("gaps");
  b.duration(SimTime::from_seconds(10)).warmup(SimTime::from_seconds(10));
  b.service("Bad.Name").endpoint("x", Distribution::constant(0.001)).call("");
  b.service("empty");
  scenario::AutoscalerSpec scaler;
  scaler.kind = "hpaa";
  b.service("scaled").autoscaler(scaler).endpoint("x", Distribution::constant(0.001));
  b.open_workload("w", 10, {{"t", "", 1}});
  b.open_workload("w", 10, {{"u", "scaled.x", 1}});
  const auto all = messages(b.build());
  EXPECT_TRUE(has(all, "warmup: must be shorter than duration"));
  EXPECT_TRUE(has(all, "services.Bad.Name: a service name is a DNS label"));
  EXPECT_TRUE(has(all, "a call needs a target"));
  EXPECT_TRUE(has(all, "services.empty.endpoints: needs at least one endpoint"));
  EXPECT_TRUE(has(all, "services.scaled.autoscaler.kind: unknown kind 'hpaa' (valid: static, hpa,"));
  EXPECT_TRUE(has(all, "workload[0].mix.t: a request type needs a target"));
  EXPECT_TRUE(has(all, "workload[1].name: workload 'w' is defined twice"));
}

TEST(Builder, ATimeoutWithoutACallIsAProblem) {
  ScenarioBuilder b("t");
  b.service("a").endpoint("x", Distribution::constant(0.001)).timeout(SimTime::from_seconds(1));
  b.open_workload("w", 10, {{"t", "a.x", 1}});
  EXPECT_TRUE(has(messages(b.build()), "a timeout needs a call before it"));
}

}  // namespace
}  // namespace msim::model
