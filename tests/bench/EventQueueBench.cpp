// The pending-event set under the classic "hold" workload: pop the earliest event, push one a
// random (exponential) time later, at a constant number of pending events. Compares msim's
// d-ary heap with a binary heap, std::priority_queue and std::multimap.
#include <map>
#include <queue>
#include <random>

#include <benchmark/benchmark.h>

#include "core/EventQueue.hpp"

namespace {

using msim::core::EventId;
using msim::core::FiredEvent;
using msim::core::SimTime;

void noop(void*, std::uint64_t) {}

std::int64_t gap(std::mt19937_64& rng) {
  return static_cast<std::int64_t>(std::exponential_distribution<double>(1.0)(rng) * 1e6);
}

template <class Queue>
void BM_Hold(benchmark::State& state) {
  const auto pending = static_cast<std::size_t>(state.range(0));
  std::mt19937_64 rng(1);
  Queue q;
  q.reserve(pending);
  for (std::size_t i = 0; i < pending; ++i) q.schedule(SimTime::from_ns(gap(rng)), noop, nullptr, i);
  FiredEvent ev;
  for (auto _ : state) {
    q.pop(ev);
    q.schedule(ev.time + SimTime::from_ns(gap(rng)), noop, nullptr, ev.arg);
  }
  state.SetItemsProcessed(state.iterations());
}

// Request timeouts: every event schedules a timer, and 95 % of timers are cancelled.
template <class Queue>
void BM_HoldWithCancelledTimeouts(benchmark::State& state) {
  const auto pending = static_cast<std::size_t>(state.range(0));
  std::mt19937_64 rng(1);
  Queue q;
  std::vector<EventId> timers(pending);
  for (std::size_t i = 0; i < pending; ++i) q.schedule(SimTime::from_ns(gap(rng)), noop, nullptr, i);
  FiredEvent ev;
  std::size_t k = 0;
  for (auto _ : state) {
    q.pop(ev);
    q.schedule(ev.time + SimTime::from_ns(gap(rng)), noop, nullptr, ev.arg);
    auto& slot = timers[k++ % pending];
    if (rng() % 20 != 0) q.cancel(slot);
    slot = q.schedule(ev.time + SimTime::from_ns(50'000'000), noop, nullptr, 0);
  }
  state.SetItemsProcessed(state.iterations());
}

// std::priority_queue of (time, seq) keys: the textbook baseline (no cancellation).
void BM_HoldStdPriorityQueue(benchmark::State& state) {
  const auto pending = static_cast<std::size_t>(state.range(0));
  std::mt19937_64 rng(1);
  using Key = std::pair<std::int64_t, std::uint64_t>;
  std::priority_queue<Key, std::vector<Key>, std::greater<>> q;
  std::uint64_t seq = 0;
  for (std::size_t i = 0; i < pending; ++i) q.emplace(gap(rng), seq++);
  for (auto _ : state) {
    const Key top = q.top();
    q.pop();
    q.emplace(top.first + gap(rng), seq++);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_HoldStdMultimap(benchmark::State& state) {
  const auto pending = static_cast<std::size_t>(state.range(0));
  std::mt19937_64 rng(1);
  std::multimap<std::int64_t, std::uint64_t> q;
  for (std::size_t i = 0; i < pending; ++i) q.emplace(gap(rng), i);
  for (auto _ : state) {
    const auto top = *q.begin();
    q.erase(q.begin());
    q.emplace(top.first + gap(rng), top.second);
  }
  state.SetItemsProcessed(state.iterations());
}

}  // namespace

BENCHMARK(BM_Hold<msim::core::BasicEventQueue<4>>)->Name("Hold/QuaternaryHeap")->Arg(1000)->Arg(100000)->Arg(1000000);
BENCHMARK(BM_Hold<msim::core::BasicEventQueue<2>>)->Name("Hold/BinaryHeap")->Arg(1000)->Arg(100000)->Arg(1000000);
BENCHMARK(BM_HoldStdPriorityQueue)->Name("Hold/StdPriorityQueue")->Arg(1000)->Arg(100000)->Arg(1000000);
BENCHMARK(BM_HoldStdMultimap)->Name("Hold/StdMultimap")->Arg(1000)->Arg(100000)->Arg(1000000);
BENCHMARK(BM_HoldWithCancelledTimeouts<msim::core::BasicEventQueue<4>>)->Name("HoldCancel/QuaternaryHeap")->Arg(1000)->Arg(100000);
BENCHMARK(BM_HoldWithCancelledTimeouts<msim::core::BasicEventQueue<2>>)->Name("HoldCancel/BinaryHeap")->Arg(1000)->Arg(100000);
