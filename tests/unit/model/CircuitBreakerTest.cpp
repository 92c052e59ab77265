#include "model/CircuitBreaker.hpp"

#include <gtest/gtest.h>

namespace msim::model {
namespace {

using core::SimTime;
using State = CircuitBreaker::State;

scenario::BreakerSpec count_based(int window, int minimum, double threshold) {
  scenario::BreakerSpec s;
  s.window = window;
  s.minimum_calls = minimum;
  s.failure_rate = threshold;
  s.open_duration = SimTime::from_seconds(30);
  s.half_open_calls = 3;
  return s;
}

const SimTime T0 = SimTime::from_seconds(1);
const SimTime FAST = SimTime::from_ms(5);

TEST(CircuitBreaker, StaysClosedBelowTheMinimumNumberOfCalls) {
  CircuitBreaker b(count_based(10, 5, 0.5));
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE(b.try_acquire(T0));
    b.record(T0, true, FAST);  // 4 failures out of 4: 100 %, but fewer than 5 calls
  }
  EXPECT_EQ(b.state(), State::CLOSED);
  ASSERT_TRUE(b.try_acquire(T0));
  b.record(T0, false, FAST);  // the 5th call: 4/5 = 80 % >= 50 %
  EXPECT_EQ(b.state(), State::OPEN);
  const auto t = b.take_transition();
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->first, State::CLOSED);
  EXPECT_EQ(t->second, State::OPEN);
}

TEST(CircuitBreaker, OpensExactlyWhenTheWindowFailureRateReachesTheThreshold) {
  CircuitBreaker b(count_based(10, 10, 0.5));
  for (int i = 0; i < 10; ++i) b.record(T0, false, FAST);  // 10 successes fill the window
  // Each failure replaces the oldest success: after k failures the rate is k/10.
  for (int k = 1; k <= 5; ++k) {
    b.record(T0, true, FAST);
    if (k < 5) {
      EXPECT_EQ(b.state(), State::CLOSED) << k << " failures";
    }
  }
  EXPECT_EQ(b.state(), State::OPEN) << "5/10 = 50 % must open (equal counts, as in resilience4j)";
  EXPECT_NEAR(b.failure_rate(T0), 0.5, 1e-12);
}

TEST(CircuitBreaker, OpenRefusesThenHalfOpenPermitsAFewAndCloses) {
  CircuitBreaker b(count_based(4, 4, 0.5));
  for (int i = 0; i < 4; ++i) b.record(T0, true, FAST);
  ASSERT_EQ(b.state(), State::OPEN);
  EXPECT_FALSE(b.try_acquire(T0 + SimTime::from_seconds(29)));
  EXPECT_TRUE(b.try_acquire(T0 + SimTime::from_seconds(30)));
  EXPECT_EQ(b.state(), State::HALF_OPEN);
  EXPECT_TRUE(b.try_acquire(T0 + SimTime::from_seconds(30)));
  EXPECT_TRUE(b.try_acquire(T0 + SimTime::from_seconds(30)));
  EXPECT_FALSE(b.try_acquire(T0 + SimTime::from_seconds(30))) << "only halfOpenCalls = 3 are permitted";
  for (int i = 0; i < 3; ++i) b.record(T0 + SimTime::from_seconds(31), false, FAST);
  EXPECT_EQ(b.state(), State::CLOSED);
  EXPECT_EQ(b.failure_rate(T0), 0.0) << "closing starts a fresh window";
}

TEST(CircuitBreaker, HalfOpenFailuresReopen) {
  CircuitBreaker b(count_based(4, 4, 0.5));
  for (int i = 0; i < 4; ++i) b.record(T0, true, FAST);
  const SimTime later = T0 + SimTime::from_seconds(60);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(b.try_acquire(later));
  b.record(later, true, FAST);
  b.record(later, true, FAST);
  b.record(later, false, FAST);  // 2/3 failed
  EXPECT_EQ(b.state(), State::OPEN);
  EXPECT_FALSE(b.try_acquire(later + SimTime::from_seconds(1)));
}

TEST(CircuitBreaker, SlowCallsOpenItToo) {
  auto spec = count_based(10, 10, 1.0);
  spec.slow_call_rate = 0.6;
  spec.slow_call_duration = SimTime::from_ms(100);
  CircuitBreaker b(spec);
  for (int i = 0; i < 10; ++i) b.record(T0, false, i < 6 ? SimTime::from_ms(150) : FAST);
  EXPECT_EQ(b.state(), State::OPEN);
}

TEST(CircuitBreaker, TimeBasedWindowForgetsOldSeconds) {
  auto spec = count_based(10, 4, 0.5);
  spec.time_based = true;  // the last 10 seconds
  CircuitBreaker b(spec);
  for (int i = 0; i < 3; ++i) b.record(SimTime::from_seconds(1), true, FAST);
  for (int i = 0; i < 3; ++i) b.record(SimTime::from_seconds(12), false, FAST);  // the failures at 1 s have left the window
  EXPECT_EQ(b.state(), State::CLOSED);
  EXPECT_EQ(b.failure_rate(SimTime::from_seconds(12)), 0.0);
  b.record(SimTime::from_seconds(13), true, FAST);
  b.record(SimTime::from_seconds(13), true, FAST);
  b.record(SimTime::from_seconds(13), true, FAST);  // 3 failures of 6 in the window
  EXPECT_EQ(b.state(), State::OPEN);
}

}  // namespace
}  // namespace msim::model
