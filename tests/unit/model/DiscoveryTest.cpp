#include "model/Discovery.hpp"

#include <gtest/gtest.h>

namespace msim::model {
namespace {

using core::SimTime;
scenario::DiscoverySpec of(const std::string& kind) {
  scenario::DiscoverySpec s;
  s.kind = kind;
  return s;
}

TEST(Discovery, IdealIsInstant) {
  core::RandomStream rng(1, 0, "d");
  const DiscoveryTiming t(of("ideal"), rng);
  const auto p = t.new_instance(rng);
  EXPECT_EQ(t.removal_time(SimTime::from_seconds(50), p, false), SimTime::from_seconds(50));
  EXPECT_EQ(t.addition_time(SimTime::from_seconds(70), p), SimTime::from_seconds(70));
}

TEST(Discovery, KubernetesNeedsFailureThresholdProbesPlusPropagation) {
  core::RandomStream rng(1, 0, "d");
  const DiscoveryTiming t(of("kubernetes"), rng);
  DiscoveryPhases p;
  p.probe = 4.0;  // probes at 4, 14, 24, ... s
  // Crash at 100 s: failed probes at 104, 114, 124 (failureThreshold 3), then 1 s propagation.
  EXPECT_EQ(t.removal_time(SimTime::from_seconds(100), p, false), SimTime::from_seconds(125));
  // Back at 130 s: ready at the next probe (134 s, successThreshold 1) plus propagation.
  EXPECT_EQ(t.addition_time(SimTime::from_seconds(130), p), SimTime::from_seconds(135));
  // Over random phases the lag stays within [20, 30] s + propagation.
  for (int i = 0; i < 100; ++i) {
    const auto q = t.new_instance(rng);
    const double lag = (t.removal_time(SimTime::from_seconds(1000), q, false) - SimTime::from_seconds(1000)).seconds();
    EXPECT_GE(lag, 21.0 - 1e-9);
    EXPECT_LE(lag, 31.0 + 1e-9);
  }
}

TEST(Discovery, EurekaKeepsACrashedInstanceVisibleForTwiceTheLease) {
  core::RandomStream rng(2, 0, "d");
  const DiscoveryTiming t(of("eureka"), rng);
  for (int i = 0; i < 200; ++i) {
    const auto p = t.new_instance(rng);
    const double lag = (t.removal_time(SimTime::from_seconds(1000), p, false) - SimTime::from_seconds(1000)).seconds();
    // Last renewal within 30 s before the crash; expiry 2 x 90 s after it; then up to 60 s for the
    // eviction sweep, 30 s for the response cache and 30 s for the client fetch.
    EXPECT_GE(lag, 150.0 - 1e-9);
    EXPECT_LE(lag, 300.0 + 1e-9);
  }
  auto spec = of("eureka");
  spec.params.values["lease_doubling"] = 0;
  const DiscoveryTiming single(spec, rng);
  const auto p = single.new_instance(rng);
  EXPECT_LE((single.removal_time(SimTime::from_seconds(1000), p, false) - SimTime::from_seconds(1000)).seconds(), 210.0 + 1e-9);
}

TEST(Discovery, ConsulWaitsForTheCheckTimeoutOnlyWhenUnreachable) {
  core::RandomStream rng(3, 0, "d");
  const DiscoveryTiming t(of("consul"), rng);
  DiscoveryPhases p;
  p.probe = 2.0;  // checks at 2, 12, 22, ... s
  EXPECT_EQ(t.removal_time(SimTime::from_seconds(100), p, false), SimTime::from_seconds(103));  // refused at 102, +1 s
  EXPECT_EQ(t.removal_time(SimTime::from_seconds(100), p, true), SimTime::from_seconds(113));  // times out after 10 s
}

}  // namespace
}  // namespace msim::model
