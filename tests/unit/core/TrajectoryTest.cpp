#include "core/Simulator.hpp"

#include <gtest/gtest.h>

namespace msim::core {
namespace {

struct Model {
  Simulator* sim = nullptr;
  int left = 0;
  void tick(std::uint64_t target) {
    if (--left > 0) sim->schedule_in<&Model::tock>(SimTime::from_seconds(1), this, target + 1);
  }
  void tock(std::uint64_t target) {
    if (--left > 0) sim->schedule_in<&Model::tick>(SimTime::from_seconds(1), this, target + 1);
  }
};

std::pair<std::string, std::uint64_t> fingerprint(int events, SimTime first_at, std::uint64_t first_target, bool tock_first = false) {
  Simulator sim;
  Trajectory trajectory;
  sim.record_trajectory(&trajectory);
  Model m{&sim, events};
  if (tock_first) sim.schedule_at<&Model::tock>(first_at, &m, first_target);
  else sim.schedule_at<&Model::tick>(first_at, &m, first_target);
  sim.run_until(SimTime::from_seconds(1e6), 1'000'000);
  return {trajectory.hex(), trajectory.events()};
}

TEST(Trajectory, SameRunSameFingerprint) {
  const auto a = fingerprint(100, SimTime::from_seconds(1), 7);
  EXPECT_EQ(a, fingerprint(100, SimTime::from_seconds(1), 7));
  EXPECT_EQ(a.second, 100u);
  EXPECT_EQ(a.first.size(), 16u);
}

TEST(Trajectory, TimeTargetOrLengthChangeIt) {
  const auto a = fingerprint(100, SimTime::from_seconds(1), 7).first;
  EXPECT_NE(a, fingerprint(100, SimTime::from_seconds(1) + SimTime::from_ns(1), 7).first) << "one nanosecond later";
  EXPECT_NE(a, fingerprint(100, SimTime::from_seconds(1), 8).first) << "another target";
  EXPECT_NE(a, fingerprint(101, SimTime::from_seconds(1), 7).first) << "one event more";
}

TEST(Trajectory, KindsAreNumberedByFirstFiringNotByAddress) {
  // tick/tock alternate either way; starting with tock gives the same sequence of kind numbers
  // (first kind fired = 0, second = 1), so the fingerprint does not depend on which function is which.
  EXPECT_EQ(fingerprint(50, SimTime::from_seconds(2), 3).first, fingerprint(50, SimTime::from_seconds(2), 3, true).first);
}

TEST(Trajectory, RecordingDoesNotChangeTheRun) {
  Simulator plain;
  Model m{&plain, 10};
  plain.schedule_at<&Model::tick>(SimTime::from_seconds(1), &m, 0);
  plain.run_until(SimTime::from_seconds(1e6), 1'000'000);
  EXPECT_EQ(plain.events_fired(), fingerprint(10, SimTime::from_seconds(1), 0).second);
}

}  // namespace
}  // namespace msim::core
