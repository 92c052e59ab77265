#include "experiment/Sweep.hpp"

#include <chrono>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <variant>

#include <fmt/format.h>

#include "experiment/Compare.hpp"
#include "experiment/Replications.hpp"
#include "experiment/SweepCluster.hpp"
#include "experiment/SweepTables.hpp"
#include "experiment/WorkerPool.hpp"
#include "metrics/CsvRecorder.hpp"
#include "metrics/OutputFile.hpp"
#include "metrics/ResultsFolder.hpp"
#include "model/Footprint.hpp"
#include "model/Simulation.hpp"
#include "scenario/ScenarioLoader.hpp"

namespace msim::experiment {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::uint64_t BATCH = 1 << 16;
constexpr const char* STRATEGY = "strategy";

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

/** The scenario of one point: the base file with the fixed and swept values applied; or why not. */
std::variant<scenario::ScenarioSpec, std::string> scenario_for(const ExperimentSpec& spec, const SweepPoint& point) {
  scenario::LoadOptions load;
  load.overrides = spec.fixed;
  load.seed = spec.seed;
  load.duration = spec.duration;
  std::optional<std::string> strategy;
  for (const auto& [key, value] : point.values) {
    if (key == STRATEGY) strategy = value;
    else load.overrides.push_back(key + "=" + value);
  }
  auto loaded = scenario::load_scenario_file(spec.scenario.string(), load);
  if (!loaded.ok()) {
    std::string message;
    for (const auto& d : loaded.diagnostics) message += (message.empty() ? "" : "; ") + d.format();
    return message;
  }
  if (!strategy) return std::move(*loaded.spec);
  std::vector<std::string> services = spec.strategy_services;
  if (services.empty())
    for (const auto& s : loaded.spec->services)
      if (s.autoscaler) services.push_back(s.name);
  try {
    return with_strategy(*loaded.spec, *strategy, services);
  } catch (const std::invalid_argument& e) {
    return std::string("strategy: ") + e.what();
  }
}

std::string describe(const SweepPoint& point) {
  std::string text;
  for (const auto& [key, value] : point.values) text += (text.empty() ? "" : ", ") + key + "=" + value;
  return text;
}

enum class RunEnd { OK, FAILED, CANCELLED };

/** Runs one (point, replication) into its folder, staged and moved into place whole; a failed run
 *  is recorded there. Throws only when the files cannot be written (disk full, permissions). */
RunEnd execute_run(const ExperimentSpec& spec, const SweepPoint& point, std::size_t replication, const std::filesystem::path& dir,
                   const std::atomic<bool>* cancel, double memory_budget) {
  const auto start = Clock::now();
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);  // never a finished run here: those are skipped
  metrics::ResultsFolder folder(dir, metrics::ResultsFolder::Cleanup::NONE);  // prepare_folder cleaned runs/ once
  auto fail = [&](const std::string& reason, std::optional<std::uint64_t> seed) {
    record_failure(folder.path(), reason, seed, seconds_since(start));
    folder.commit();
    return RunEnd::FAILED;
  };
  auto scenario = scenario_for(spec, point);
  if (auto* problem = std::get_if<std::string>(&scenario)) return fail("scenario: " + *problem, spec.seed);
  auto& s = std::get<scenario::ScenarioSpec>(scenario);
  // A point that would exhaust the machine is recorded as failed, like any other bad point.
  if (const auto why = model::over_budget(model::estimate_footprint(s), memory_budget, -1); !why.empty()) return fail("budget: " + why, s.seed);
  std::string failure;
  try {
    if (s.warmup_auto) {
      const auto chosen = choose_warmup_automatically(s, cancel);
      if (!chosen) return RunEnd::CANCELLED;
      s.warmup = chosen->warmup;
    }
    metrics::CsvRecorder csv(folder.path(), s.trace_sample > 0);
    model::RunOptions run;
    run.replication = replication;
    run.recorders.push_back(&csv);
    model::Simulation sim(s, run);
    while (!sim.advance(BATCH)) {
      if (cancel && *cancel) break;
      if (spec.time_limit_s && seconds_since(start) > *spec.time_limit_s) {
        failure = fmt::format("time limit of {:g} s exceeded at simulated time {:.3f} s of {:.3f} s", *spec.time_limit_s, sim.now().seconds(),
                              sim.duration().seconds());
        break;
      }
    }
    if (failure.empty() && !sim.finished()) return RunEnd::CANCELLED;  // the staged files go with `folder`
    if (failure.empty()) {
      auto summary = sim.summary(seconds_since(start));
      csv.commit();
      metrics::write_file_atomically(folder.path() / "summary.json", summary.dump(2) + "\n");
      folder.commit();
      return RunEnd::OK;
    }
  } catch (const metrics::OutputError&) {
    throw;  // not the run's fault: the sweep stops, and this run is run again when it resumes
  } catch (const std::exception& e) {
    failure = std::string("error: ") + e.what();
  }
  // A failed run keeps only failed.json: a fresh staging folder, without the partial files.
  std::filesystem::remove_all(folder.path(), ec);
  std::filesystem::create_directory(folder.path(), ec);
  return fail(failure, s.seed);
}

// A folder may be reused only by the same experiment (resume); --fresh clears what a sweep wrote.
void prepare_folder(const std::filesystem::path& out, const SweepManifest& manifest, bool fresh) {
  std::error_code ec;
  if (std::filesystem::exists(out) && !std::filesystem::is_directory(out))
    throw SweepError(fmt::format("--out {}: exists and is not a folder", out.string()));
  if (std::filesystem::exists(out / "experiment.json") && !fresh) {
    SweepManifest old;
    try {
      old = SweepManifest::read(out);
    } catch (const std::runtime_error& e) {
      throw SweepError(fmt::format("{}; use --fresh to start over in this folder", e.what()));
    }
    const bool no_runs = !std::filesystem::exists(out / "runs") || std::filesystem::is_empty(out / "runs");
    if (!no_runs && (old.doc["sha256"] != manifest.doc["sha256"] || old.doc["points"] != manifest.doc["points"] ||
        old.doc["replications"] != manifest.doc["replications"]))
      throw SweepError(fmt::format("{} holds the results of a different experiment (the experiment or scenario file changed since): "
                                   "use --fresh to discard them, or another --out",
                                   out.string()));
  }
  if (fresh) {
    std::filesystem::remove_all(out / "runs", ec);
    for (const char* f : {"runs.csv", "points.csv", "experiment.json"}) std::filesystem::remove(out / f, ec);
  }
  std::filesystem::create_directories(out / "runs");
  metrics::remove_abandoned_staging(out / "runs");
  metrics::remove_leftover_temporaries(out);
  manifest.write(out);
}

}  // namespace

bool mpi_available() {
#ifdef MSIM_HAVE_MPI
  return true;
#else
  return false;
#endif
}

SweepOutcome run_sweep(const ExperimentSpec& spec, const SweepOptions& options) {
  if (options.shard_count == 0 || options.shard_index >= options.shard_count)
    throw SweepError(fmt::format("--shard {}/{}: K must be between 0 and N-1", options.shard_index, options.shard_count));
  if (options.out_dir.empty()) throw SweepError("no output folder");
  std::unique_ptr<SweepCluster> cluster = options.mpi ? make_mpi_cluster() : make_local_cluster();
  if (!cluster) throw SweepError("--mpi: this msim was built without MPI (install libopenmpi-dev and rebuild)");

  const auto start = Clock::now();
  const auto points = expand_points(spec);
  const auto manifest = SweepManifest::make(spec, points, options.shard_index, options.shard_count);
  const std::size_t reps = spec.replications;

  // The root checks the folder and the first point, and lists the runs still to do; all share it.
  std::string problem;
  std::vector<std::size_t> pending;
  std::size_t owned = 0;
  if (cluster->root()) {
    try {
      const auto first = scenario_for(spec, points.front());
      if (const auto* p = std::get_if<std::string>(&first)) {
        problem = fmt::format("point 0 ({}): {}", describe(points.front()), *p);
      } else {
        // The summary's shape, from the first point's scenario built but not run.
        const model::Simulation probe(std::get<scenario::ScenarioSpec>(first), model::RunOptions{});
        for (const auto& unknown : unknown_metric_patterns(spec.metrics, probe.summary(0)))
          problem += (problem.empty() ? "" : "; ") + unknown;
      }
      if (problem.empty()) prepare_folder(options.out_dir, manifest, options.fresh);
    } catch (const std::exception& e) {
      problem = e.what();
    }
    for (std::size_t run = 0; run < manifest.runs() && problem.empty(); ++run) {
      if (!manifest.owns(run)) continue;
      ++owned;
      const RunState state = run_state(manifest.run_dir(options.out_dir, run));
      if (state == RunState::MISSING || (state == RunState::FAILED && options.retry_failed)) pending.push_back(run);
    }
  }
  cluster->share(problem);
  if (!problem.empty()) throw SweepError(problem);
  cluster->share(pending);

  SweepStatus status;
  status.total = owned;
  status.skipped = owned - pending.size();
  std::atomic<std::size_t> done{0}, failed{0};
  std::atomic<bool> stop{false};
  std::mutex write_error_mutex;
  std::string write_error;  // the first run whose files could not be written; the sweep then stops
  auto worker = [&] {
    while (!stop) {
      const auto k = cluster->take(pending.size());
      if (!k) break;
      const std::size_t run = pending[*k];
      RunEnd end = RunEnd::CANCELLED;
      try {
        end = execute_run(spec, points[run / reps], run % reps, manifest.run_dir(options.out_dir, run), options.cancel,
                          model::default_memory_budget() / std::max(1u, options.jobs));
      } catch (const std::exception& e) {
        std::lock_guard lock(write_error_mutex);
        if (write_error.empty()) write_error = e.what();
      }
      if (end == RunEnd::CANCELLED) {
        stop = true;
        break;
      }
      failed += end == RunEnd::FAILED;
      ++done;
      if (options.cancel && *options.cancel) stop = true;
    }
  };
  auto report = [&] {
    if (!options.progress || !cluster->root()) return;
    status.done = done;
    status.failed = failed;
    status.elapsed_s = seconds_since(start);
    options.progress(status);
  };
  run_workers(std::max(1u, options.jobs), worker, report, std::chrono::milliseconds(200));
  report();

  SweepOutcome outcome;
  outcome.root = cluster->root();
  outcome.status = status;
  outcome.status.done = cluster->sum(done);
  outcome.status.failed = cluster->sum(failed);
  if (!write_error.empty())
    throw std::runtime_error(fmt::format("{}; the sweep stopped, its finished runs are kept: free space and run the same command again to continue",
                                         write_error));
  outcome.cancelled = cluster->sum(stop ? 1 : 0) > 0;
  if (outcome.cancelled || !cluster->root()) return outcome;
  const TableCounts counts = write_sweep_tables(options.out_dir, manifest);
  outcome.ok = counts.ok;
  outcome.failed = counts.failed;
  outcome.missing = counts.missing;
  return outcome;
}

MergeOutcome merge_sweeps(const std::vector<std::filesystem::path>& shards, const std::filesystem::path& out_dir) {
  if (shards.empty()) throw SweepError("give the shard folders to merge");
  std::optional<SweepManifest> merged;
  for (const auto& dir : shards) {
    SweepManifest m;
    try {
      m = SweepManifest::read(dir);
    } catch (const std::runtime_error& e) {
      throw SweepError(e.what());
    }
    if (!merged) {
      merged = m;
      continue;
    }
    if (m.doc["sha256"] != merged->doc["sha256"] || m.doc["points"] != merged->doc["points"] ||
        m.doc["replications"] != merged->doc["replications"])
      throw SweepError(fmt::format("{} is a shard of another experiment than {}", dir.string(), shards.front().string()));
  }
  merged->doc["shard"] = nullptr;
  std::error_code ec;
  std::filesystem::create_directories(out_dir / "runs");
  // Each run comes from the shard that finished it (hard links when possible: no copying).
  for (std::size_t run = 0; run < merged->runs(); ++run) {
    const auto target = merged->run_dir(out_dir, run);
    for (const auto& dir : shards) {
      const auto source = merged->run_dir(dir, run);
      if (run_state(source) == RunState::MISSING || std::filesystem::equivalent(source, target, ec)) continue;
      std::filesystem::remove_all(target, ec);
      std::filesystem::copy(source, target, std::filesystem::copy_options::recursive | std::filesystem::copy_options::create_hard_links, ec);
      if (ec) {
        ec.clear();
        std::filesystem::remove_all(target, ec);
        std::filesystem::copy(source, target, std::filesystem::copy_options::recursive);
      }
      break;
    }
  }
  merged->write(out_dir);
  const TableCounts counts = write_sweep_tables(out_dir, *merged);
  return {counts.ok, counts.failed, counts.missing};
}

}  // namespace msim::experiment
