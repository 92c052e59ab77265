#pragma once
/** @file
 *  @brief The engine's public API: load a scenario, run it in steps, read its results.
 *
 *  Front ends (the msim command line, msim-gui, tests) use only this header. A Session is
 *  single-threaded: create and drive it on one thread (a GUI drives it on a worker thread).
 */
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <msim/Rows.hpp>
#include <nlohmann/json.hpp>

namespace msim::scenario {
struct ScenarioSpec;
}
namespace msim::model {
class Simulation;
}
namespace msim::metrics {
class ResultsFolder;
class CsvRecorder;
class RowKeeper;
}

namespace msim::api {

struct SessionOptions {
  std::vector<std::string> overrides;  // "dotted.key=value"
  std::optional<std::uint64_t> seed;
  std::optional<std::string> duration;  // e.g. "10m"
  std::vector<std::string> injections;  // failures in one line each: "crash zone=b at=5m for=2m"
  std::optional<double> traffic_scale;  // every workload's rate (or users) times this
  std::uint64_t replication = 0;
  std::filesystem::path out_dir;  // empty: see results_root
  std::filesystem::path results_root;  // used when out_dir is empty: results go to <root>/<scenario name>
  /** Keep timeseries and event rows in memory for Session::take_snapshot(), with or without files. */
  bool keep_rows = false;
  /** Memory a run may need, as estimated before it starts (docs/scenario-format.md, "Budgets");
   *  empty: half of this machine's memory. A scenario over it, or writing more than the disk
   *  holds, is refused with the estimate, unless `force`. */
  std::optional<double> max_memory_bytes;
  bool force = false;
};

/** What a run of the scenario will need, estimated before it starts (the budget check's numbers). */
struct FootprintEstimate {
  double memory_bytes = 0;
  double output_bytes = 0;  // the files of one run
  double events = 0;
  double calls_per_request = 0;
  std::string text;  // "about 120 MiB of memory, 3.4 MiB of results, 2.1e+06 events"
};

/** The msim version, e.g. "0.1.0". */
const char* version();

/** A scenario problem, "FILE:LINE:COLUMN: message". */
using Problem = std::string;

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
  nlohmann::ordered_json summary;  // as summary.json: one run's, or the mean and ci95 of several
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

/** `msim generate`: a synthetic scenario shaped like the Alibaba traces, as YAML text. */
std::pair<std::string, std::vector<Problem>> generate_scenario(int services, int instances, double rate, const std::string& duration,
                                                               std::uint64_t seed);

/** What an importer (`msim import NAME`) takes: its inputs and its `--name VALUE` options. */
struct ImporterInfo {
  struct Option {
    std::string name, value_name, help, fallback;  // name without dashes; fallback "" : none
  };
  std::string name, help;
  std::string inputs_name, inputs_help;  // e.g. "MANIFESTS"
  bool many_inputs = false;
  std::vector<Option> options;
};
/** Every importer, in the importers registry's order (k8s, alibaba, otel, ...). */
std::vector<ImporterInfo> importers();

struct ImportResult {
  std::string yaml;  // the scenario (it validates); empty when there are problems
  std::vector<std::string> notes;  // what was read, skipped, measured or taken from the defaults
  std::vector<Problem> problems;  // each names the file and where in it
  std::string remark;  // to say after "written" (e.g. that defaults were used); may be empty
};

/** `msim import NAME`: a scenario from other formats' files. `options` by name without dashes
 *  (e.g. {"profile", "p.yaml"}); `output` names the scenario in messages. An unknown importer or
 *  option is a problem. */
ImportResult import_scenario(const std::string& importer, const std::vector<std::string>& inputs,
                             const std::map<std::string, std::string>& options, const std::string& output);

/** `msim run --trace-format`: converts the spans.csv of a run's folder (and of each rep-K/ folder)
 *  to traces.otlp.json (`format` "otlp") or traces.jaeger.json ("jaeger"), written atomically.
 *  Returns the files written; a folder without spans.csv is skipped with a note. */
struct TraceExportResult {
  std::vector<std::filesystem::path> written;
  std::vector<std::string> notes;
  std::vector<Problem> problems;
};
TraceExportResult export_traces(const std::filesystem::path& out_dir, const std::string& format, const std::string& scenario_name);

/** The final metrics of a summary.json (one run's, or the mean of replications) in Prometheus'
 *  text exposition format (`msim run --prometheus` writes it as metrics.prom); see docs/output-format.md. */
std::string prometheus_text(const nlohmann::ordered_json& summary);

/** Writes a file atomically (temporary name, then rename). */
void write_text_file(const std::filesystem::path& path, const std::string& text);

/** Every scaling strategy by name (static also as static:N), from the one registry of autoscaler kinds. */
std::vector<std::string> strategy_names();

/** `msim report`: a results folder (of msim run, run -r, compare or sweep) as one self-contained
 *  HTML page, or its charts as separate SVG or PNG files (docs/output-format.md, "msim report"). */
struct ReportOptions {
  /** html: the page (default <results>/report.html); png, svg: the images go to the folder named
   *  by this path without its extension (default <results>/report/). */
  std::filesystem::path output;
  std::string format = "html";  // "html", "png" or "svg"
};

struct ReportResult {
  std::string kind;  // "run", "replications", "compare" or "sweep"
  std::vector<std::filesystem::path> written;
  std::vector<Problem> problems;  // not an msim results folder (what is missing), or a file in it unreadable: nothing written
};

ReportResult write_report(const std::filesystem::path& results, const ReportOptions& options);

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

struct CompareResult {
  std::string text;  // the table for a terminal: decision columns, Pareto front, recommendation, windows
  std::string markdown;
  nlohmann::ordered_json table;  // per strategy, per metric (compare.json's "strategies")
  nlohmann::ordered_json document;  // compare.json
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

class Session;

struct OpenResult {
  std::unique_ptr<Session> session;  // null when there are problems
  std::vector<Problem> problems;
};

/** Loads and validates a scenario without building anything. */
/** The problems of a scenario (empty: valid); also its warnings and, when valid, what a run needs. */
std::vector<Problem> validate(const std::string& path, const SessionOptions& options = {}, std::vector<Problem>* warnings = nullptr,
                              std::optional<FootprintEstimate>* needs = nullptr);

/** Validates scenario text (an editor's unsaved buffer); `path` names it in problems and anchors data files. */
std::vector<Problem> validate_text(const std::string& text, const std::string& path, const SessionOptions& options = {});

/** The service dependency graph: services with their call depth (0 = no caller), and who calls whom. */
struct ServiceGraph {
  struct Service {
    std::string name;
    int replicas = 0;
    int depth = 0;
  };
  struct Call {
    std::string from;
    std::string to;
    int call_sites = 0;  // call sites merged into this edge
  };
  std::vector<Service> services;  // in scenario order
  std::vector<Call> calls;
  std::optional<double> slo_ms;  // the scenario's latency objective, if any
  std::optional<double> slo_percentile;  // e.g. 99
  std::vector<Problem> problems;  // set when the scenario does not load
};

ServiceGraph service_graph(const std::string& path, const SessionOptions& options = {});

// One row of timeseries.csv, one of events.csv: msim/Rows.hpp, the definition the engine uses too.
using msim::EventRow;
using msim::TimeseriesRow;

/** What a session produced since the previous snapshot (rows need SessionOptions::keep_rows). */
struct Snapshot {
  double sim_time_s = 0;
  double duration_s = 0;
  std::uint64_t events = 0;
  bool finished = false;
  std::vector<TimeseriesRow> rows;
  std::vector<EventRow> event_rows;
};

/** Graphviz DOT of the scenario's service graph, or the problems that prevent it. */
std::pair<std::string, std::vector<Problem>> graph_dot(const std::string& path, const SessionOptions& options = {});

class Session {
public:
  /** Loads, validates and builds; problems are returned, never thrown. */
  static OpenResult open(const std::string& path, const SessionOptions& options);
  ~Session();

  /** Runs up to `max_events` events. Returns true once the whole duration is simulated. */
  bool step(std::uint64_t max_events);
  bool finished() const;
  /** Simulated fraction of the duration, 0 to 1. */
  double progress() const;
  double sim_time_s() const;
  double duration_s() const;
  std::uint64_t events() const;
  const std::string& scenario_name() const;
  /** Where finish() writes the result files; empty when nothing is written. */
  const std::filesystem::path& out_dir() const { return out_dir_; }

  /** Results so far (the schema of summary.json); wall_* fields measure time spent in step(). */
  nlohmann::ordered_json summary() const;
  /** After the run: writes summary.json and the CSV files, and moves the folder into place whole. */
  nlohmann::ordered_json finish();
  /** The rows produced since the last call (none unless SessionOptions::keep_rows); O(rows). */
  Snapshot take_snapshot();

private:
  Session(std::unique_ptr<scenario::ScenarioSpec> spec, const SessionOptions& options);

  std::unique_ptr<scenario::ScenarioSpec> spec_;
  std::unique_ptr<metrics::RowKeeper> keeper_;  // with SessionOptions::keep_rows
  std::unique_ptr<metrics::CsvRecorder> csv_;  // with a results folder
  std::unique_ptr<model::Simulation> simulation_;  // after the recorders: destroyed before them
  std::filesystem::path out_dir_;
  std::unique_ptr<metrics::ResultsFolder> folder_;  // files are staged here until finish()
  std::chrono::steady_clock::duration wall_{};
};

}  // namespace msim::api
