// The cloud-style strategies' decisions on synthetic views.
#include "scaling/Autoscaler.hpp"

#include <algorithm>
#include <stdexcept>

#include <gtest/gtest.h>

namespace msim::scaling {
namespace {

using core::SimTime;

ScalingView cpu_view(int current, double cores_per_pod, SimTime now) {
  ScalingView v;
  v.now = now;
  v.current = current;
  for (int i = 0; i < current; ++i) {
    hpa::PodSample p;
    p.has_metric = true;
    p.ready = true;
    p.value = cores_per_pod;
    p.request = 1;
    v.pods.push_back(p);
  }
  return v;
}

Settings base(const char* kind) {
  Settings a;
  a.kind = kind;
  a.min_replicas = 1;
  a.max_replicas = 50;
  ScalingMetric cpu;
  cpu.target = 0.5;
  a.metrics.push_back(cpu);
  return a;
}

TEST(StepScaling, TakesTheLargestStepExceededAndRespectsCooldowns) {
  auto spec = base("step");
  spec.steps = {{true, 1.2, 2}, {true, 1.6, 4}, {false, 0.5, -1}};
  auto scaler = make_autoscaler(spec);
  EXPECT_EQ(scaler->decide(cpu_view(4, 0.55, SimTime::from_seconds(100))).replicas, 4);  // 1.1: no step
  EXPECT_EQ(scaler->decide(cpu_view(4, 0.9, SimTime::from_seconds(200))).replicas, 8);  // 1.8 > 1.6: +4
  EXPECT_EQ(scaler->decide(cpu_view(8, 0.9, SimTime::from_seconds(230))).replicas, 8) << "scale-out cooldown (60 s)";
  EXPECT_EQ(scaler->decide(cpu_view(8, 0.65, SimTime::from_seconds(300))).replicas, 10);  // 1.3 > 1.2: +2
  EXPECT_EQ(scaler->decide(cpu_view(10, 0.1, SimTime::from_seconds(400))).replicas, 10) << "scale-in cooldown (300 s)";
  EXPECT_EQ(scaler->decide(cpu_view(10, 0.1, SimTime::from_seconds(700))).replicas, 9);  // 0.2 < 0.5: -1
}

TEST(SloScaling, GrowsWhileTheObjectiveIsMissedAndShrinksWellBelowIt) {
  auto spec = base("slo");
  ScalingMetric latency;
  latency.kind = ScalingMetric::Kind::LATENCY;
  latency.target = 0.2;
  spec.metrics = {latency};
  spec.cooldown_out = SimTime::zero();
  spec.cooldown_in = SimTime::zero();
  auto scaler = make_autoscaler(spec);
  auto view = [](int current, double latency_s) {
    ScalingView v;
    v.current = current;
    v.latency = latency_s;
    v.latency_valid = true;
    return v;
  };
  EXPECT_EQ(scaler->decide(view(4, 0.3)).replicas, 6);  // missed: +50 %
  EXPECT_EQ(scaler->decide(view(1, 0.3)).replicas, 2);  // at least one more
  EXPECT_EQ(scaler->decide(view(6, 0.15)).replicas, 6);  // met, not far below
  EXPECT_EQ(scaler->decide(view(6, 0.05)).replicas, 5);  // below half the objective: -1
}

TEST(PredictiveScaling, SizesWithErlangC) {
  // 100 requests/s over 2 pods busy 1 core each: 20 ms per request, a = 2 on 4 workers per
  // instance. One instance: C(4, 2) = 0.174, W = 0.174 / (200 - 100) + 20 ms = 21.7 ms.
  auto view = [] {
    ScalingView v;
    v.now = SimTime::from_seconds(15);
    v.current = 2;
    v.workers = 4;
    for (int i = 0; i < 2; ++i) {
      hpa::PodSample p;
      p.has_metric = true;
      p.ready = true;
      p.value = 1.0;  // cores busy
      v.pods.push_back(p);
      p.value = 50.0;  // requests per second
      v.rps.push_back(p);
    }
    return v;
  };
  auto spec = base("predictive");
  spec.params.values["targetLatency"] = 0.030;
  EXPECT_EQ(make_autoscaler(spec)->decide(view()).replicas, 1);
  spec.params.values["targetLatency"] = 0.021;
  EXPECT_EQ(make_autoscaler(spec)->decide(view()).replicas, 2);
}

TEST(TargetTracking, ScalesInProportion) {
  auto scaler = make_autoscaler(base("target_tracking"));
  EXPECT_EQ(scaler->decide(cpu_view(4, 0.75, SimTime::from_seconds(100))).replicas, 6);  // 4 x 1.5
  EXPECT_EQ(make_autoscaler(base("target_tracking"))->decide(cpu_view(10, 0.1, SimTime::from_seconds(100))).replicas, 2)
      << "no cooldown before the first change";
}

TEST(ThresholdScaling, ActsOnTheWindowMeanOnceTheWindowIsCovered) {
  auto spec = base("threshold");  // target 0.5 CPU
  spec.params.values = {{"timeWindow", 60.0}, {"scaleInBelow", 0.5}, {"changeCount", 2}};
  spec.cooldown_out = spec.cooldown_in = SimTime::zero();
  auto scaler = make_autoscaler(spec);
  const auto at = [](double s) { return SimTime::from_seconds(s); };
  // 0 to 45 s: collecting (the window is not covered), however hot.
  for (double t : {0.0, 15.0, 30.0, 45.0}) EXPECT_EQ(scaler->decide(cpu_view(4, 0.9, at(t))).replicas, 4) << t;
  EXPECT_EQ(scaler->decide(cpu_view(4, 0.9, at(60))).replicas, 6) << "mean 0.9 > 0.5: +changeCount";
  // The window's samples at 0..75 s with 0.9 at 0..60, 0.1 at 75: the mean stays above the target.
  EXPECT_EQ(scaler->decide(cpu_view(6, 0.1, at(75))).replicas, 8);
}

TEST(ThresholdScaling, SkipsAScaleInThatWouldScaleBackOut) {
  auto spec = base("threshold");  // target 0.5, scale in below 0.25
  spec.params.values = {{"timeWindow", 15.0}, {"scaleInBelow", 0.5}, {"changeCount", 1}};
  spec.cooldown_out = spec.cooldown_in = SimTime::zero();
  {
    auto scaler = make_autoscaler(spec);
    scaler->decide(cpu_view(2, 0.2, SimTime::from_seconds(0)));
    // 2 pods at 0.2 < 0.25: to 1 pod the mean would be 0.4 < 0.5, so it scales in.
    EXPECT_EQ(scaler->decide(cpu_view(2, 0.2, SimTime::from_seconds(15))).replicas, 1);
  }
  spec.params.values["scaleInBelow"] = 0.9;  // scale in below 0.45
  auto scaler = make_autoscaler(spec);
  scaler->decide(cpu_view(2, 0.3, SimTime::from_seconds(0)));
  // 0.3 < 0.45, but on 1 pod the mean would be 0.6 > 0.5: Azure's flapping check skips it.
  const ScalingDecision d = scaler->decide(cpu_view(2, 0.3, SimTime::from_seconds(15)));
  EXPECT_EQ(d.replicas, 2);
  EXPECT_NE(d.reason.find("skipped"), std::string::npos) << d.reason;
}

// Properties every registered strategy must have, so a new one is checked without a test of its own.
TEST(StrategyRegistry, EveryEntryIsNamedHelpedAndBuildsFromItsFallbacks) {
  std::vector<std::string> seen;
  for (const Strategy& s : strategies()) {
    SCOPED_TRACE(s.name);
    EXPECT_FALSE(s.name.empty());
    EXPECT_FALSE(s.help.empty());
    EXPECT_EQ(std::count(seen.begin(), seen.end(), s.name), 0) << "registered twice";
    seen.push_back(s.name);
    EXPECT_EQ(find_strategy(s.name), &s);
    for (const auto& p : s.params) EXPECT_FALSE(p.help.empty()) << p.key;
    // Complete settings for any strategy: a metric, steps and a schedule.
    Settings settings = base(s.name.c_str());
    settings.steps = {{true, 1.2, 1}};
    settings.schedule = {{SimTime::zero(), 3}};
    settings.metrics.push_back(ScalingMetric{ScalingMetric::Kind::LATENCY, 0.2, 0.99});
    EXPECT_EQ(s.missing(settings), "");
    const auto scaler = make_autoscaler(settings);
    if (s.name == "static") {
      EXPECT_EQ(scaler, nullptr);
      continue;
    }
    ASSERT_NE(scaler, nullptr);
    EXPECT_EQ(std::string(scaler->name()), s.name);
    EXPECT_GT(scaler->period(), SimTime::zero());
    const ScalingDecision d = scaler->decide(cpu_view(4, 0.5, SimTime::from_seconds(100)));
    EXPECT_GE(d.replicas, settings.min_replicas);
    EXPECT_LE(d.replicas, settings.max_replicas);
    EXPECT_FALSE(d.reason.empty());
  }
  EXPECT_EQ(strategies().front().name, "static");
  EXPECT_EQ(find_strategy("no such strategy"), nullptr);
  EXPECT_THROW(make_autoscaler(base("no such strategy")), std::invalid_argument);
}

TEST(StrategyRegistry, MissingSettingsAreNamed) {
  EXPECT_NE(find_strategy("step")->missing(base("step")).find("'steps'"), std::string::npos);
  EXPECT_NE(find_strategy("scheduled")->missing(base("scheduled")).find("'schedule'"), std::string::npos);
  EXPECT_EQ(find_strategy("hpa")->missing(base("hpa")), "");
}

}  // namespace
}  // namespace msim::scaling
