// Whole-engine speed on benchmark model A (M/M/4 at rho 0.8), next to a bare hand-written loop of
// the same model: a binary heap (std::priority_queue) and mt19937_64, no metrics, no model.
#include <cmath>
#include <queue>
#include <random>

#include <benchmark/benchmark.h>

#include "model/Simulation.hpp"
#include "scenario/ScenarioLoader.hpp"

namespace {

constexpr double LAMBDA = 3200.0;  // per second
constexpr double MU = 1000.0;  // per second per server
constexpr int SERVERS = 4;
constexpr std::uint64_t CUSTOMERS = 1'000'000;

// The bare reference: events are (time, seq, kind); kind 0 = arrival, 1 = departure.
struct BareResult {
  std::uint64_t events = 0;
  double mean_response = 0;
};

BareResult bare_mm4_loop(std::uint64_t customers, std::uint64_t seed) {
  struct Event {
    double time;
    std::uint64_t seq;
    int kind;
    double arrived;
    bool operator>(const Event& o) const { return time > o.time || (time == o.time && seq > o.seq); }
  };
  std::mt19937_64 rng(seed);
  std::exponential_distribution<double> inter(LAMBDA), service(MU);
  std::priority_queue<Event, std::vector<Event>, std::greater<>> events;
  std::queue<double> waiting;
  std::uint64_t seq = 0, arrivals = 0, done = 0, fired = 0;
  int busy = 0;
  double total_response = 0;
  events.push({inter(rng), seq++, 0, 0});
  while (done < customers) {
    const Event e = events.top();
    events.pop();
    ++fired;
    if (e.kind == 0) {
      if (++arrivals < customers) events.push({e.time + inter(rng), seq++, 0, 0});
      if (busy < SERVERS) {
        ++busy;
        events.push({e.time + service(rng), seq++, 1, e.time});
      } else {
        waiting.push(e.time);
      }
    } else {
      ++done;
      total_response += e.time - e.arrived;
      if (!waiting.empty()) {
        events.push({e.time + service(rng), seq++, 1, waiting.front()});
        waiting.pop();
      } else {
        --busy;
      }
    }
  }
  return {fired, total_response / static_cast<double>(customers)};
}

void BM_BareLoopMM4(benchmark::State& state) {
  std::uint64_t events = 0;
  for (auto _ : state) {
    const auto r = bare_mm4_loop(CUSTOMERS, 1);
    events += r.events;
    benchmark::DoNotOptimize(r.mean_response);
  }
  state.counters["events_per_s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["customers_per_s"] = benchmark::Counter(static_cast<double>(CUSTOMERS * state.iterations()), benchmark::Counter::kIsRate);
}

// The full engine: YAML scenario, loader, model, metrics (histograms, time series), as `msim run`
// does it minus file output.
void BM_EngineMM4(benchmark::State& state) {
  const auto loaded = msim::scenario::load_scenario_file(MSIM_SOURCE_DIR "/scenarios/bench/mm4.yaml");
  if (!loaded.ok()) {
    state.SkipWithError("cannot load scenarios/bench/mm4.yaml");
    return;
  }
  std::uint64_t events = 0, customers = 0;
  for (auto _ : state) {
    msim::model::Simulation sim(*loaded.spec, {});
    while (!sim.advance(1 << 20)) {
    }
    events += sim.events();
    customers += sim.summary(0)["requests"]["all"]["completed"].get<std::uint64_t>();
  }
  state.counters["events_per_s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["customers_per_s"] = benchmark::Counter(static_cast<double>(customers), benchmark::Counter::kIsRate);
}

}  // namespace

BENCHMARK(BM_BareLoopMM4)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_EngineMM4)->Unit(benchmark::kMillisecond)->UseRealTime();
