#pragma once
/** @file
 *  @brief Many runs: replications (run_batch), msim compare, msim sweep and merge, and the
 *         model validation suite. Results are identical whatever the number of threads.
 */
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <msim/Common.hpp>
#include <msim/Summary.hpp>

namespace msim::api {

/** Replications of one scenario on several threads (see `msim run --replications`). */
struct BatchOptions {
  std::size_t replications = 1;
  unsigned jobs = 1;
  std::optional<double> precision;  // keep adding replications until the main metrics' relative 95 % half-width is below this
  std::size_t max_replications = 1000;
  /** Called on the calling thread about 10 times a second: fraction done, events so far. */
  std::function<void(double fraction, std::uint64_t events)> progress;
  const std::atomic<bool>* cancel = nullptr;
  std::string trace_format;  // "otlp" or "jaeger": spans.csv also as traces.otlp.json / traces.jaeger.json
  bool prometheus = false;  // also write metrics.prom
  bool fingerprint = false;  // each run's summary gets "trajectory_fingerprint", a hash of every event it fired
};

struct BatchResult {
  Summary summary;  // as summary.json: one run's, or the mean (and ci95) of several
  std::vector<Problem> problems;  // scenario problems: nothing was run
  bool cancelled = false;  // stopped by `cancel`: no summary was written
  std::string note;  // what automatic warm-up or the precision target did
  std::vector<std::string> notes;  // about the exports (e.g. no request was traced)
  std::vector<Problem> warnings;  // valid, but likely not what was meant (validate's warnings)
  std::filesystem::path out_dir;
  std::vector<std::string> files;  // what the folder holds, e.g. "summary.json", "rep-0/ .. rep-9/"
};

/** Loads the scenario and runs its replications; results are identical whatever `jobs` is.
 *  The output folder is replaced whole when the batch has finished (docs/output-format.md):
 *  cancelled, failed or unwritable, the previous folder stays as it was. */
BatchResult run_batch(const std::string& path, const SessionOptions& options, const BatchOptions& batch);

/** `msim compare`: scaling strategies side by side on identical traffic. */
struct CompareOptions {
  std::vector<std::string> strategies;  // one of strategy_names(), or "static:N"
  std::vector<std::string> windows;  // "10m..20m", judged on their own; empty: from each load change or failure to the next
  std::vector<std::string> services;  // empty: the services with an autoscaler block
  std::size_t replications = 10;
  unsigned jobs = 1;
  std::function<void(const std::string& strategy, std::size_t done, std::size_t total)> on_strategy_done;
  const std::atomic<bool>* cancel = nullptr;
};

/** One metric of one strategy: the mean over its replications and the 95 % half-width, and the
 *  paired difference to the first strategy (same seeds, so identical traffic) with its half-width. */
struct CompareEstimate {
  std::string metric;  // "p99_ms", "slo_attainment", "cost_dollars", ... (docs/output-format.md, compare.json)
  double mean = 0, ci95 = 0, diff_vs_baseline = 0, diff_ci95 = 0;
};

struct StrategyResult {
  std::string name;  // as given, e.g. "hpa" or "static:4"
  std::vector<CompareEstimate> metrics;
  /** Null when the comparison has no such metric. */
  const CompareEstimate* metric(const std::string& id) const;
};

struct CompareResult {
  std::string text;  // the table for a terminal: decision columns, Pareto front, recommendation, windows
  std::string markdown;
  std::vector<StrategyResult> strategies;  // in the order given (compare.json's "strategies")
  std::string document;  // compare.json
  std::vector<Problem> problems;
  bool cancelled = false;
  std::filesystem::path out_dir;
};

/** Results go to options.out_dir (or <results_root>/<name>-compare): compare.csv, compare.md, compare.json, <strategy>/rep-K/. */
CompareResult compare(const std::string& path, const SessionOptions& options, const CompareOptions& compare);

/** `msim validate-model`: the validation suite against queueing theory. */
struct ModelValidationOptions {
  std::filesystem::path suite;  // scenarios/validation/suite.yaml
  unsigned jobs = 1;
  std::vector<std::string> cases;  // only these; all when empty
  std::string perturbation;  // "", "faster-service", "lifo" or "one-worker-fewer": a deliberately wrong engine
  bool markdown = false;
  std::function<void(const std::string& case_name, std::size_t done, std::size_t total)> on_case_done;
  const std::atomic<bool>* cancel = nullptr;
};

struct ModelValidationResult {
  std::string table;  // text or Markdown
  std::size_t checks = 0;
  std::size_t passed = 0;
  std::vector<Problem> problems;  // the suite could not run
};

ModelValidationResult validate_model(const ModelValidationOptions& options);

/** `msim sweep`: an experiment file's points x replications, resumable and shardable. */
struct SweepProgress {
  std::size_t total = 0;  // runs of this shard
  std::size_t skipped = 0;  // already finished (resumed)
  std::size_t done = 0;  // finished by this invocation, failed ones included
  std::size_t failed = 0;
  double elapsed_s = 0;
};

struct SweepOptions {
  std::filesystem::path out_dir;  // empty: <results_root>/<experiment name>
  std::filesystem::path results_root = "results";
  unsigned jobs = 1;
  std::size_t shard_index = 0, shard_count = 1;  // --shard K/N
  bool fresh = false;  // discard earlier results in the folder
  bool retry_failed = false;  // rerun runs recorded as failed
  bool mpi = false;  // share the runs among the ranks of an MPI job
  std::function<void(const SweepProgress&)> progress;  // on the calling thread, a few times a second
  const std::atomic<bool>* cancel = nullptr;
};

struct SweepResult {
  std::vector<Problem> problems;  // the experiment could not run (user error)
  bool cancelled = false;  // finished runs are kept; rerun to continue
  bool root = true;  // false on MPI ranks other than 0: they print nothing
  SweepProgress status;
  std::size_t ok = 0, failed = 0, missing = 0;  // in the tables
  std::filesystem::path out_dir;
};

SweepResult sweep(const std::string& experiment_path, const SweepOptions& options);
/** Whether this build can run `msim sweep --mpi`. */
bool mpi_available();

struct MergeResult {
  std::vector<Problem> problems;
  std::size_t ok = 0, failed = 0, missing = 0;
};
/** `msim merge`: shard folders of one sweep into one folder with whole tables. */
MergeResult merge_sweeps(const std::vector<std::filesystem::path>& shards, const std::filesystem::path& out_dir);

}  // namespace msim::api
