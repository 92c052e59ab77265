#include "experiment/Replications.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <exception>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "experiment/Aggregate.hpp"
#include "experiment/Mser.hpp"
#include "experiment/Statistics.hpp"
#include "experiment/WorkerPool.hpp"
#include "metrics/CsvRecorder.hpp"
#include "metrics/OutputFile.hpp"
#include "model/Simulation.hpp"

namespace msim::experiment {
namespace {

using json = nlohmann::ordered_json;
constexpr std::uint64_t BATCH = 1 << 16;

struct SharedProgress {
  std::atomic<std::int64_t> simulated_ns{0};
  std::atomic<std::uint64_t> events{0};
};

// Runs one replication to the end (or until cancelled); returns its summary, or nothing if cancelled.
std::optional<json> run_one(const scenario::ScenarioSpec& spec, std::uint64_t replication, const std::filesystem::path& out,
                            SharedProgress& progress, const std::atomic<bool>* cancel, bool write_summary,
                            model::RunOptions options) {
  options.replication = replication;
  std::optional<metrics::CsvRecorder> csv;
  if (!out.empty()) options.recorders.push_back(&csv.emplace(out, spec.trace_sample > 0));
  model::Simulation sim(spec, options);
  const auto start = std::chrono::steady_clock::now();
  core::SimTime last = sim.now();
  std::uint64_t last_events = 0;
  bool done = false;
  while (!done) {
    done = sim.advance(BATCH);
    progress.simulated_ns += (sim.now() - last).ns();
    progress.events += sim.events() - last_events;
    last = sim.now();
    last_events = sim.events();
    if (!done && cancel && *cancel) return std::nullopt;
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  json summary = sim.summary(wall);
  if (csv) {
    csv->commit();
    if (write_summary) metrics::write_file_atomically(out / "summary.json", summary.dump(2) + "\n");
  }
  return summary;
}

// Runs replications [first, last) on `jobs` threads while the calling thread reports progress;
// results land at their index, so they do not depend on the thread count or on timing.
bool run_range(const scenario::ScenarioSpec& spec, const ReplicationPlan& plan, std::size_t first, std::size_t last,
               std::vector<json>& results, SharedProgress& progress, double planned_ns) {
  results.resize(last);
  std::atomic<std::size_t> next{first};
  std::atomic<bool> stop{false};
  std::exception_ptr error;
  std::mutex mutex;  // guards `error`
  const bool single = first == 0 && last == 1;
  auto worker = [&] {
    for (std::size_t k = next++; k < last && !stop; k = next++) {
      try {
        const auto dir = plan.out_dir.empty() || single ? plan.out_dir : plan.out_dir / fmt::format("rep-{}", k);
        // A single run's summary.json is the batch's, written once at the end.
        model::RunOptions options;
        options.windows = plan.windows;
        options.fingerprint = plan.fingerprint;
        auto summary = run_one(spec, k, dir, progress, plan.cancel, !single, std::move(options));
        if (!summary) {
          stop = true;
          break;
        }
        results[k] = std::move(*summary);
      } catch (...) {
        std::lock_guard lock(mutex);
        if (!error) error = std::current_exception();
        stop = true;
      }
    }
  };
  const unsigned threads = std::max(1u, std::min<unsigned>(plan.jobs, static_cast<unsigned>(last - first)));
  run_workers(
      threads, worker,
      [&] {
        if (plan.progress) plan.progress(std::min(1.0, static_cast<double>(progress.simulated_ns) / planned_ns), progress.events);
      },
      std::chrono::milliseconds(100));
  if (error) std::rethrow_exception(error);
  return !stop;
}

}  // namespace

std::optional<AutoWarmup> choose_warmup_automatically(const scenario::ScenarioSpec& spec, const std::atomic<bool>* cancel) {
  // A pilot of replication 0 without warm-up: MSER-5 on the response times in completion order.
  MserRecorder recorder;
  /** The pilot's completed requests, in completion order, to MSER. */
  struct Completions final : model::ModelObserver {
    explicit Completions(MserRecorder& r) : recorder(r) {}
    void request_ended(const model::RequestEnded& e) override {
      if (!e.failed) recorder.record(e.at, static_cast<double>(e.latency_ns) * 1e-9);
    }
    MserRecorder& recorder;
  } completions(recorder);
  scenario::ScenarioSpec pilot = spec;
  pilot.warmup = core::SimTime::zero();
  SharedProgress progress;
  model::RunOptions options;
  options.observers.push_back(&completions);
  const auto summary = run_one(pilot, 0, {}, progress, cancel, false, std::move(options));
  if (!summary) return std::nullopt;
  const Truncation t = choose_truncation(recorder);
  AutoWarmup chosen;
  chosen.warmup = t.time;
  chosen.info = {{"method", "mser-5"}, {"truncated_batches", t.batches}, {"batch_size", t.batch_size},
                 {"batches", recorder.batch_means().size()}, {"reliable", t.reliable}};
  chosen.note = fmt::format("automatic warm-up (MSER-5): truncated at {:.3f} s ({} of {} batches of {} responses){}", t.time.seconds(),
                            t.batches, recorder.batch_means().size(), t.batch_size,
                            t.reliable ? "" : "; the run looks too short to reach steady state: lengthen it");
  return chosen;
}

ReplicationOutcome run_replications(const scenario::ScenarioSpec& original, const ReplicationPlan& plan) {
  ReplicationOutcome outcome;
  const auto wall_start = std::chrono::steady_clock::now();
  scenario::ScenarioSpec spec = original;
  SharedProgress progress;
  const double duration_ns = static_cast<double>(spec.duration.ns());
  // With a precision target, start from at least 5 replications: below that the t quantile is
  // so large that the projected count overshoots.
  std::size_t planned = std::max<std::size_t>(plan.precision ? 5 : 1, plan.replications);
  json warmup_info;

  if (spec.warmup_auto) {
    auto chosen = choose_warmup_automatically(spec, plan.cancel);
    if (!chosen) {
      outcome.cancelled = true;
      return outcome;
    }
    spec.warmup = chosen->warmup;
    warmup_info = chosen->info;
    outcome.note = chosen->note;
  }

  std::vector<json> results;
  std::size_t done = 0;
  while (true) {
    const double planned_ns = duration_ns * static_cast<double>(planned);
    if (!run_range(spec, plan, done, planned, results, progress, planned_ns)) {
      outcome.cancelled = true;
      return outcome;
    }
    done = planned;
    if (!plan.precision || done >= plan.max_replications) break;
    // Latency is undefined without a completed request: no precision can be claimed for it.
    const auto completed = values_at(results, "requests.all.completed");
    if (std::all_of(completed.begin(), completed.end(), [](double v) { return v == 0; })) {
      outcome.note += (outcome.note.empty() ? "" : "; ") +
                      fmt::format("precision target {:g}% NOT measurable: no request completed in any of the {} replications "
                                  "(see requests.all.failed)", 100 * *plan.precision, done);
      break;
    }
    // Precision target: the half-width shrinks like 1/sqrt(n); plan the n that should reach it.
    double worst = 0;
    for (const auto& metric : plan.precision_metrics) worst = std::max(worst, estimate(values_at(results, metric), 0.95).relative_half_width());
    if (done >= 2 && worst <= *plan.precision) {
      outcome.note += (outcome.note.empty() ? "" : "; ") +
                      fmt::format("precision target {:g}% reached with {} replications (worst relative half-width {:.3g}%)",
                                  100 * *plan.precision, done, 100 * worst);
      break;
    }
    // At most 4x more per round: the projection is itself an estimate.
    const double ratio = std::isfinite(worst) ? worst / *plan.precision : 2.0;
    const double factor = std::min(4.0, ratio * ratio * 1.1);
    planned = std::min(plan.max_replications, std::max(done + 1, static_cast<std::size_t>(std::ceil(static_cast<double>(done) * factor))));
    if (planned == done) break;
  }
  if (plan.precision && done >= plan.max_replications) {
    double worst = 0;
    for (const auto& metric : plan.precision_metrics) worst = std::max(worst, estimate(values_at(results, metric), 0.95).relative_half_width());
    if (worst > *plan.precision)
      outcome.note += (outcome.note.empty() ? "" : "; ") +
                      fmt::format("precision target {:g}% NOT reached: {:.3g}% after the maximum of {} replications", 100 * *plan.precision,
                                  100 * worst, done);
  }

  outcome.summary = results.size() == 1 ? results.front() : aggregate_summaries(results);
  if (!warmup_info.is_null()) outcome.summary["warmup_auto"] = warmup_info;
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  outcome.summary["wall_s"] = wall;
  outcome.summary["wall_events_per_s"] = wall > 0 ? static_cast<double>(progress.events) / wall : 0.0;
  if (results.size() > 1) {
    outcome.summary["ci95"].erase("wall_s");
    outcome.summary["ci95"].erase("wall_events_per_s");
  }
  if (!plan.out_dir.empty()) metrics::write_file_atomically(plan.out_dir / "summary.json", outcome.summary.dump(2) + "\n");
  outcome.replications = std::move(results);
  return outcome;
}

}  // namespace msim::experiment
