#include "core/EventQueue.hpp"

#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "ReferenceEventQueue.hpp"
#include "core/Simulator.hpp"

namespace msim::core {
namespace {

void noop(void*, std::uint64_t) {}

template <class Q>
class EventQueueTest : public ::testing::Test {};

using Queues = ::testing::Types<BasicEventQueue<2>, BasicEventQueue<4>, BasicEventQueue<8>, ReferenceEventQueue>;
TYPED_TEST_SUITE(EventQueueTest, Queues);

TYPED_TEST(EventQueueTest, PopsInTimeOrder) {
  TypeParam q;
  for (const int t : {50, 10, 40, 20, 30}) q.schedule(SimTime::from_ns(t), noop, nullptr, static_cast<std::uint64_t>(t));
  FiredEvent ev;
  std::vector<std::uint64_t> order;
  while (q.pop(ev)) order.push_back(ev.arg);
  EXPECT_EQ(order, (std::vector<std::uint64_t>{10, 20, 30, 40, 50}));
  EXPECT_TRUE(q.empty());
}

TYPED_TEST(EventQueueTest, TiesRunInInsertionOrder) {
  TypeParam q;
  for (std::uint64_t i = 0; i < 100; ++i) q.schedule(SimTime::from_ns(i % 3 == 0 ? 5 : 7), noop, nullptr, i);
  FiredEvent ev;
  std::uint64_t last_at_5 = 0, last_at_7 = 0;
  bool first5 = true, first7 = true;
  while (q.pop(ev)) {
    auto& last = ev.time.ns() == 5 ? last_at_5 : last_at_7;
    auto& first = ev.time.ns() == 5 ? first5 : first7;
    if (!first) {
      EXPECT_GT(ev.arg, last) << "FIFO violated among ties";
    }
    last = ev.arg;
    first = false;
  }
}

TYPED_TEST(EventQueueTest, CancelledEventsNeverFire) {
  TypeParam q;
  const EventId a = q.schedule(SimTime::from_ns(1), noop, nullptr, 1);
  const EventId b = q.schedule(SimTime::from_ns(2), noop, nullptr, 2);
  q.schedule(SimTime::from_ns(3), noop, nullptr, 3);
  EXPECT_TRUE(q.cancel(b));
  EXPECT_FALSE(q.cancel(b)) << "a second cancel must be refused";
  EXPECT_FALSE(q.is_pending(b));
  EXPECT_TRUE(q.is_pending(a));
  EXPECT_EQ(q.size(), 2u);
  FiredEvent ev;
  std::vector<std::uint64_t> order;
  while (q.pop(ev)) order.push_back(ev.arg);
  EXPECT_EQ(order, (std::vector<std::uint64_t>{1, 3}));
  EXPECT_FALSE(q.cancel(a)) << "cancelling a fired event must be refused";
}

TYPED_TEST(EventQueueTest, MatchesReferenceUnderRandomOperations) {
  constexpr unsigned SEED = 20261124;
  std::mt19937_64 rng(SEED);
  TypeParam q;
  ReferenceEventQueue ref;
  std::vector<std::pair<EventId, EventId>> handles;  // (queue, reference)
  std::uint64_t next_arg = 0;
  std::int64_t now = 0;
  for (int step = 0; step < 20000; ++step) {
    const auto op = rng() % 10;
    if (op < 5) {
      const auto at = SimTime::from_ns(now + static_cast<std::int64_t>(rng() % 1000));
      handles.emplace_back(q.schedule(at, noop, nullptr, next_arg), ref.schedule(at, noop, nullptr, next_arg));
      ++next_arg;
    } else if (op < 7 && !handles.empty()) {
      const auto i = rng() % handles.size();
      ASSERT_EQ(q.cancel(handles[i].first), ref.cancel(handles[i].second)) << "seed " << SEED << " step " << step;
      handles.erase(handles.begin() + static_cast<long>(i));
    } else {
      FiredEvent a, b;
      const bool got = q.pop(a);
      ASSERT_EQ(got, ref.pop(b)) << "seed " << SEED << " step " << step;
      if (got) {
        ASSERT_EQ(a.time, b.time) << "seed " << SEED << " step " << step;
        ASSERT_EQ(a.arg, b.arg) << "seed " << SEED << " step " << step;
        now = a.time.ns();
      }
    }
    ASSERT_EQ(q.size(), ref.size());
  }
}

TEST(EventQueue, PopNotAfterSkipsCancelledKeysAndStopsAtTheLimit) {
  EventQueue q;
  const EventId first = q.schedule(SimTime::from_ns(1), noop, nullptr, 1);
  q.schedule(SimTime::from_ns(2), noop, nullptr, 2);
  q.schedule(SimTime::from_ns(2), noop, nullptr, 3);
  q.schedule(SimTime::from_ns(5), noop, nullptr, 5);
  ASSERT_TRUE(q.cancel(first));
  FiredEvent ev;
  EXPECT_FALSE(q.pop_not_after(SimTime::from_ns(1), ev)) << "the event at 1 was cancelled; the next is at 2";
  ASSERT_TRUE(q.pop_not_after(SimTime::from_ns(2), ev));
  EXPECT_EQ(ev.arg, 2u);
  ASSERT_TRUE(q.pop_not_after(SimTime::from_ns(2), ev));
  EXPECT_EQ(ev.arg, 3u) << "ties in insertion order";
  EXPECT_FALSE(q.pop_not_after(SimTime::from_ns(4), ev));
  EXPECT_EQ(q.size(), 1u) << "an event after the limit stays";
  ASSERT_TRUE(q.pop_not_after(SimTime::max(), ev));
  EXPECT_EQ(ev.arg, 5u);
  EXPECT_FALSE(q.pop_not_after(SimTime::max(), ev));
}

TEST(EventQueueCompaction, ManyCancelledTimersAreDroppedAndOrderHolds) {
  EventQueue q;
  std::vector<EventId> timeouts;
  for (std::uint64_t i = 0; i < 100000; ++i) {
    q.schedule(SimTime::from_ns(static_cast<std::int64_t>(i)), noop, nullptr, i);
    timeouts.push_back(q.schedule(SimTime::from_ns(static_cast<std::int64_t>(i + 1000000)), noop, nullptr, 1u << 30));
  }
  for (const auto id : timeouts) ASSERT_TRUE(q.cancel(id));
  EXPECT_EQ(q.size(), 100000u);
  FiredEvent ev;
  std::uint64_t expected = 0;
  while (q.pop(ev)) ASSERT_EQ(ev.arg, expected++);
  EXPECT_EQ(expected, 100000u);
}

TEST(EventQueueCompaction, SlotsAreReusedSoStorageStaysBounded) {
  EventQueue q;
  FiredEvent ev;
  for (int round = 0; round < 1000; ++round) {
    for (int i = 0; i < 100; ++i) q.schedule(SimTime::from_ns(round * 1000 + i), noop, nullptr, 0);
    while (q.pop(ev)) {
    }
  }
  // 100 pending at most: reusing slots means at most 100 handles were ever created; a handle
  // from round 0 must not look pending now.
  EXPECT_FALSE(q.is_pending(EventId{0, 0}));
  EXPECT_TRUE(q.empty());
}

struct Recorder {
  std::vector<std::pair<std::int64_t, std::uint64_t>> seen;
  Simulator* sim = nullptr;
  void on_event(std::uint64_t arg) {
    seen.emplace_back(sim->now().ns(), arg);
    if (arg < 3) sim->schedule_in<&Recorder::on_event>(SimTime::from_ns(10), this, arg + 1);
  }
};

TEST(Simulator, RunsMemberHandlersAndStopsAtTheHorizon) {
  Simulator sim;
  Recorder r;
  r.sim = &sim;
  sim.schedule_at<&Recorder::on_event>(SimTime::from_ns(5), &r, 0);
  EXPECT_TRUE(sim.run_until(SimTime::from_ns(25), 1000));
  EXPECT_EQ(r.seen, (std::vector<std::pair<std::int64_t, std::uint64_t>>{{5, 0}, {15, 1}, {25, 2}}));
  EXPECT_EQ(sim.now(), SimTime::from_ns(25));
  EXPECT_EQ(sim.pending(), 1u);
  EXPECT_FALSE(sim.run_until(SimTime::from_ns(100), 0)) << "a zero-event batch cannot finish while events remain";
  EXPECT_TRUE(sim.run_until(SimTime::from_ns(100), 1000));
  EXPECT_EQ(r.seen.back(), (std::pair<std::int64_t, std::uint64_t>{35, 3}));
  EXPECT_EQ(sim.events_fired(), 4u);
}

}  // namespace
}  // namespace msim::core
