#include <msim/Experiments.hpp>
#include <msim/Import.hpp>
#include <msim/Report.hpp>
#include <msim/Scenario.hpp>
#include <msim/Session.hpp>

#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>

#include <boost/range/iterator_range.hpp>
#include <fmt/format.h>

#include "SummaryJson.hpp"
#include "experiment/Compare.hpp"
#include "metrics/CsvRecorder.hpp"
#include "report/PrometheusText.hpp"
#include "metrics/OutputFile.hpp"
#include "metrics/ResultsFolder.hpp"
#include "metrics/RowKeeper.hpp"
#include "experiment/Replications.hpp"
#include "experiment/Sweep.hpp"
#include "importers/Importer.hpp"
#include "importers/Traces.hpp"
#include "validation/ValidationSuite.hpp"
#include "model/Footprint.hpp"
#include "model/Simulation.hpp"
#include "msim/Version.hpp"
#include "scaling/Autoscaler.hpp"
#include "scenario/Generator.hpp"
#include "scenario/ScenarioLoader.hpp"
#include "scenario/ServiceGraph.hpp"

namespace msim::api {
namespace {

scenario::LoadResult load(const std::string& path, const SessionOptions& options) {
  scenario::LoadOptions lo;
  lo.overrides = options.overrides;
  lo.seed = options.seed;
  lo.duration = options.duration;
  lo.injections = options.injections;
  lo.traffic_scale = options.traffic_scale;
  return scenario::load_scenario_file(path, lo);
}

std::vector<Problem> problems_of(const scenario::LoadResult& result) {
  std::vector<Problem> problems;
  for (const auto& d : result.diagnostics) problems.push_back(d.format());
  return problems;
}

// The folder results go to: the one asked for, or <results_root>/<scenario name><suffix>.
std::filesystem::path out_dir_for(const SessionOptions& options, const std::string& name, const std::string& suffix = "") {
  if (!options.out_dir.empty() || options.results_root.empty()) return options.out_dir;
  return options.results_root / (name + suffix);
}

// The results folder for `out`, or a problem (it exists and is not msim's, or is a file).
std::unique_ptr<metrics::ResultsFolder> open_folder(const std::filesystem::path& out, std::vector<Problem>& problems) {
  std::unique_ptr<metrics::ResultsFolder> folder;
  if (out.empty()) return folder;
  try {
    folder = std::make_unique<metrics::ResultsFolder>(out);
  } catch (const std::invalid_argument& e) {
    problems.push_back(fmt::format("--out {}: {}", out.string(), e.what()));
  }
  return folder;
}

// Refuses, as a problem, a scenario whose estimated needs exceed the budget: `parallel` runs at
// once in memory, `runs` runs' files on the disk of `out`.
void check_footprint(const scenario::ScenarioSpec& spec, const SessionOptions& options, const std::filesystem::path& out, double parallel,
                     double runs, std::vector<Problem>& problems) {
  if (options.force) return;
  auto f = model::estimate_footprint(spec, options.keep_rows);
  f.memory_bytes *= parallel;
  f.output_bytes *= out.empty() ? 0.0 : runs;
  double disk_free = -1;
  if (!out.empty()) {
    std::error_code ec;
    auto existing = std::filesystem::absolute(out, ec);
    while (!existing.empty() && !std::filesystem::exists(existing, ec) && existing.has_parent_path() && existing != existing.parent_path())
      existing = existing.parent_path();
    const auto space = std::filesystem::space(existing, ec);
    if (!ec) disk_free = static_cast<double>(space.available);
  }
  const std::string why = model::over_budget(f, options.max_memory_bytes.value_or(model::default_memory_budget()), disk_free);
  if (!why.empty()) problems.push_back(fmt::format("{}: {}", spec.path, why));
}

// What a finished results folder holds, for the "results:" line: files first, rep-K/ folders as one range.
std::vector<std::string> listing(const std::filesystem::path& dir) {
  std::vector<std::string> files;
  std::size_t reps = 0;
  std::vector<std::string> dirs;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_directory(ec)) {
      if (name.rfind("rep-", 0) == 0) ++reps;
      else dirs.push_back(name + "/");
    } else {
      files.push_back(name);
    }
  }
  // summary.json first, then the rest by name
  std::sort(files.begin(), files.end(), [](const std::string& a, const std::string& b) {
    return std::pair(a != "summary.json", a) < std::pair(b != "summary.json", b);
  });
  std::sort(dirs.begin(), dirs.end());
  if (reps > 0) files.push_back(reps == 1 ? "rep-0/" : fmt::format("rep-0/ .. rep-{}/", reps - 1));
  files.insert(files.end(), dirs.begin(), dirs.end());
  return files;
}

}  // namespace

const char* version() { return MSIM_VERSION; }

std::vector<Problem> validate(const std::string& path, const SessionOptions& options, std::vector<Problem>* warnings,
                              std::optional<FootprintEstimate>* needs) {
  const auto result = load(path, options);
  if (warnings)
    for (const auto& w : result.warnings) warnings->push_back(w.format());
  if (needs && result.ok()) {
    const auto f = model::estimate_footprint(*result.spec, options.keep_rows);
    *needs = FootprintEstimate{f.memory_bytes, f.output_bytes, f.events, f.calls_per_request,
                               fmt::format("about {} of memory, {} of results, {:.2g} events", model::format_bytes(f.memory_bytes),
                                           model::format_bytes(f.output_bytes), f.events)};
  }
  return problems_of(result);
}

std::vector<Problem> validate_text(const std::string& text, const std::string& path, const SessionOptions& options) {
  scenario::LoadOptions lo;
  lo.overrides = options.overrides;
  lo.seed = options.seed;
  lo.duration = options.duration;
  lo.injections = options.injections;
  lo.traffic_scale = options.traffic_scale;
  const auto base = std::filesystem::path(path).parent_path();
  return problems_of(scenario::load_scenario_text(text, path, base.empty() ? "." : base, lo));
}

ServiceGraph service_graph(const std::string& path, const SessionOptions& options) {
  ServiceGraph graph;
  auto result = load(path, options);
  if (!result.ok()) {
    graph.problems = problems_of(result);
    return graph;
  }
  const auto& spec = *result.spec;
  const auto g = scenario::build_service_graph(spec);
  const auto depths = scenario::call_depths(spec);
  for (const auto v : boost::make_iterator_range(boost::vertices(g))) {
    const auto depth = depths.find(g[v].name);
    graph.services.push_back({g[v].name, g[v].replicas, depth == depths.end() ? 0 : depth->second});
  }
  for (const auto e : boost::make_iterator_range(boost::edges(g)))
    graph.calls.push_back({g[boost::source(e, g)].name, g[boost::target(e, g)].name, g[e].calls});
  if (spec.slo_latency) {
    graph.slo_ms = spec.slo_latency->milliseconds();
    graph.slo_percentile = 100 * spec.slo_quantile;
  }
  return graph;
}

std::pair<std::string, std::vector<Problem>> graph_dot(const std::string& path, const SessionOptions& options) {
  auto result = load(path, options);
  if (!result.ok()) return {{}, problems_of(result)};
  std::ostringstream out;
  scenario::write_dot(*result.spec, out);
  return {out.str(), {}};
}

BatchResult run_batch(const std::string& path, const SessionOptions& options, const BatchOptions& batch) {
  BatchResult result;
  auto loaded = load(path, options);
  if (!loaded.ok()) {
    result.problems = problems_of(loaded);
    return result;
  }
  for (const auto& w : loaded.warnings) result.warnings.push_back(w.format());
  result.out_dir = out_dir_for(options, loaded.spec->name);
  const double runs = static_cast<double>(std::max<std::size_t>(batch.replications, batch.precision ? 5 : 1));
  check_footprint(*loaded.spec, options, result.out_dir, std::min<double>(batch.jobs, runs), runs, result.problems);
  if (!result.problems.empty()) return result;
  auto folder = open_folder(result.out_dir, result.problems);
  if (!result.problems.empty()) return result;
  experiment::ReplicationPlan plan;
  plan.replications = batch.replications;
  plan.jobs = batch.jobs;
  plan.precision = batch.precision;
  plan.max_replications = batch.max_replications;
  plan.out_dir = folder ? folder->path() : std::filesystem::path();
  plan.progress = batch.progress;
  plan.cancel = batch.cancel;
  plan.fingerprint = batch.fingerprint;
  auto outcome = experiment::run_replications(*loaded.spec, plan);
  result.summary = summary_from_json(outcome.summary, loaded.spec->name);
  result.cancelled = outcome.cancelled;
  result.note = std::move(outcome.note);
  if (result.cancelled || !folder) return result;  // a cancelled batch's staged files go with `folder`
  if (batch.prometheus) metrics::write_file_atomically(folder->path() / "metrics.prom", report::prometheus_text(outcome.summary));
  if (!batch.trace_format.empty()) {
    auto exported = export_traces(folder->path(), batch.trace_format, result.summary.scenario);
    result.notes = std::move(exported.notes);
    if (!exported.problems.empty()) {
      result.problems = std::move(exported.problems);
      return result;
    }
  }
  folder->commit();
  result.files = listing(result.out_dir);
  return result;
}

std::pair<std::string, std::vector<Problem>> generate_scenario(int services, int instances, double rate, const std::string& duration,
                                                               std::uint64_t seed) {
  try {
    return {scenario::generate_alibaba_like({services, instances, rate, duration, seed}), {}};
  } catch (const std::invalid_argument& e) {
    return {{}, {std::string("generate: ") + e.what()}};
  }
}

std::vector<ImporterInfo> importers() {
  std::vector<ImporterInfo> out;
  for (const auto& e : msim::importers::importers()) {
    ImporterInfo info{e.name, e.help, e.inputs_name, e.inputs_help, e.many_inputs, {}};
    for (const auto& o : e.options) info.options.push_back({o.name, o.value_name, o.help, o.fallback});
    out.push_back(std::move(info));
  }
  return out;
}

ImportResult import_scenario(const std::string& importer, const std::vector<std::string>& inputs,
                             const std::map<std::string, std::string>& options, const std::string& output) {
  const auto* entry = msim::importers::find_importer(importer);
  if (!entry) return {{}, {}, {fmt::format("import: no importer '{}' (valid: {})", importer, fmt::join(msim::importers::importer_names(), ", "))}, {}};
  auto imported = msim::importers::run_import(*entry, inputs, {options.begin(), options.end()}, output);
  return {std::move(imported.yaml), std::move(imported.notes), std::move(imported.problems), std::move(imported.remark)};
}

TraceExportResult export_traces(const std::filesystem::path& out_dir, const std::string& format, const std::string& scenario_name) {
  TraceExportResult result;
  if (format != "otlp" && format != "jaeger") {
    result.problems.push_back(fmt::format("trace format '{}': use otlp or jaeger", format));
    return result;
  }
  const std::string file = format == "otlp" ? "traces.otlp.json" : "traces.jaeger.json";
  std::vector<std::filesystem::path> dirs{out_dir};
  for (std::size_t k = 0; std::filesystem::is_directory(out_dir / fmt::format("rep-{}", k)); ++k) dirs.push_back(out_dir / fmt::format("rep-{}", k));
  for (const auto& dir : dirs) {
    const auto csv = dir / "spans.csv";
    if (!std::filesystem::exists(csv)) {
      if (dir == out_dir && dirs.size() == 1)
        result.notes.push_back("no spans.csv, so no trace file (no request was traced: set tracing.sample or --trace-sample)");
      continue;
    }
    std::ifstream in(csv, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    auto table = msim::importers::read_spans_csv(ss.str(), csv.string());
    if (!table.problems.empty()) {
      for (auto& p : table.problems) result.problems.push_back(std::move(p));
      continue;
    }
    const std::string text = format == "otlp" ? msim::importers::spans_to_otlp_json(table.spans, scenario_name)
                                              : msim::importers::spans_to_jaeger_json(table.spans, scenario_name);
    metrics::write_file_atomically(dir / file, text);
    result.written.push_back(dir / file);
  }
  return result;
}

std::string prometheus_text(const Summary& summary) { return report::prometheus_text(nlohmann::ordered_json::parse(summary.document)); }

void write_text_file(const std::filesystem::path& path, const std::string& text) { metrics::write_file_atomically(path, text); }

std::vector<std::string> strategy_names() { return scaling::strategy_names(); }

const CompareEstimate* StrategyResult::metric(const std::string& id) const {
  for (const auto& m : metrics)
    if (m.metric == id) return &m;
  return nullptr;
}

CompareResult compare(const std::string& path, const SessionOptions& options, const CompareOptions& c) {
  CompareResult result;
  auto loaded = load(path, options);
  if (!loaded.ok()) {
    result.problems = problems_of(loaded);
    return result;
  }
  result.out_dir = out_dir_for(options, loaded.spec->name, "-compare");
  const double runs = static_cast<double>(c.replications * std::max<std::size_t>(1, c.strategies.size()));
  check_footprint(*loaded.spec, options, result.out_dir, std::min<double>(c.jobs, runs), runs, result.problems);
  if (!result.problems.empty()) return result;
  auto folder = open_folder(result.out_dir, result.problems);
  if (!result.problems.empty()) return result;
  experiment::CompareOptions o;
  o.strategies = c.strategies;
  o.windows = c.windows;
  o.services = c.services;
  o.replications = c.replications;
  o.jobs = c.jobs;
  o.out_dir = folder ? folder->path() : std::filesystem::path();
  o.on_strategy_done = c.on_strategy_done;
  o.cancel = c.cancel;
  try {
    auto r = experiment::compare_strategies(*loaded.spec, o);
    result.text = std::move(r.text);
    result.markdown = std::move(r.markdown);
    for (const auto& [name, row] : r.table.items()) {
      StrategyResult strategy{name, {}};
      for (const auto& [metric, e] : row.items())
        strategy.metrics.push_back({metric, e.value("mean", 0.0), e.value("ci95", 0.0), e.value("diff_vs_baseline", 0.0), e.value("diff_ci95", 0.0)});
      result.strategies.push_back(std::move(strategy));
    }
    result.document = r.document.dump(2) + "\n";
    result.cancelled = r.cancelled;
    if (!r.cancelled && folder) folder->commit();
  } catch (const std::invalid_argument& e) {
    result.problems.push_back(fmt::format("{}: {}", path, e.what()));
  }
  return result;
}

SweepResult sweep(const std::string& experiment_path, const SweepOptions& options) {
  SweepResult result;
  const auto loaded = experiment::load_experiment_file(experiment_path);
  if (!loaded.spec) {
    for (const auto& d : loaded.diagnostics) result.problems.push_back(d.format());
    return result;
  }
  result.out_dir = options.out_dir.empty() ? options.results_root / loaded.spec->name : options.out_dir;
  experiment::SweepOptions o;
  o.out_dir = result.out_dir;
  o.jobs = options.jobs;
  o.shard_index = options.shard_index;
  o.shard_count = options.shard_count;
  o.fresh = options.fresh;
  o.retry_failed = options.retry_failed;
  o.mpi = options.mpi;
  o.cancel = options.cancel;
  if (options.progress)
    o.progress = [&](const experiment::SweepStatus& s) { options.progress({s.total, s.skipped, s.done, s.failed, s.elapsed_s}); };
  try {
    const auto outcome = experiment::run_sweep(*loaded.spec, o);
    result.cancelled = outcome.cancelled;
    result.root = outcome.root;
    result.status = {outcome.status.total, outcome.status.skipped, outcome.status.done, outcome.status.failed, outcome.status.elapsed_s};
    result.ok = outcome.ok;
    result.failed = outcome.failed;
    result.missing = outcome.missing;
  } catch (const experiment::SweepError& e) {
    result.problems.push_back(fmt::format("{}: {}", experiment_path, e.what()));
  }
  return result;
}

bool mpi_available() { return experiment::mpi_available(); }

MergeResult merge_sweeps(const std::vector<std::filesystem::path>& shards, const std::filesystem::path& out_dir) {
  MergeResult result;
  try {
    const auto outcome = experiment::merge_sweeps(shards, out_dir);
    result.ok = outcome.ok;
    result.failed = outcome.failed;
    result.missing = outcome.missing;
  } catch (const experiment::SweepError& e) {
    result.problems.push_back(std::string("merge: ") + e.what());
  }
  return result;
}

ModelValidationResult validate_model(const ModelValidationOptions& options) {
  ModelValidationResult result;
  try {
    validation::SuiteOptions suite;
    suite.jobs = options.jobs;
    suite.cases = options.cases;
    suite.perturbation = validation::parse_perturbation(options.perturbation);
    suite.on_case_done = options.on_case_done;
    suite.cancel = options.cancel;
    const auto checks = validation::run_validation_suite(options.suite, suite);
    result.table = validation::format_checks(checks, options.markdown);
    result.checks = checks.size();
    for (const auto& c : checks) result.passed += c.pass() ? 1 : 0;
  } catch (const std::exception& e) {
    result.problems.push_back(e.what());
  }
  return result;
}

OpenResult Session::open(const std::string& path, const SessionOptions& options) {
  auto result = load(path, options);
  OpenResult open;
  if (!result.ok()) {
    open.problems = problems_of(result);
    return open;
  }
  check_footprint(*result.spec, options, out_dir_for(options, result.spec->name), 1, 1, open.problems);
  if (!open.problems.empty()) return open;
  try {
    open.session.reset(new Session(std::make_unique<scenario::ScenarioSpec>(std::move(*result.spec)), options));
  } catch (const std::invalid_argument& e) {  // the output folder cannot be used
    open.problems.push_back(fmt::format("--out {}: {}", options.out_dir.string(), e.what()));
  } catch (const std::exception& e) {  // it cannot be created (permissions, a full disk): said, not thrown at a GUI thread
    open.problems.push_back(fmt::format("{}: {}", path, e.what()));
  }
  return open;
}

Session::Session(std::unique_ptr<scenario::ScenarioSpec> spec, const SessionOptions& options) : spec_(std::move(spec)) {
  if (spec_->warmup_auto) {
    // The pilot run that chooses the warm-up happens here, before the first step.
    if (auto chosen = experiment::choose_warmup_automatically(*spec_, nullptr)) spec_->warmup = chosen->warmup;
  }
  out_dir_ = out_dir_for(options, spec_->name);
  if (!out_dir_.empty()) folder_ = std::make_unique<metrics::ResultsFolder>(out_dir_);
  model::RunOptions run;
  run.replication = options.replication;
  if (options.keep_rows) run.recorders.push_back((keeper_ = std::make_unique<metrics::RowKeeper>()).get());
  if (folder_) run.recorders.push_back((csv_ = std::make_unique<metrics::CsvRecorder>(folder_->path(), spec_->trace_sample > 0)).get());
  simulation_ = std::make_unique<model::Simulation>(*spec_, run);
}

Session::~Session() = default;

bool Session::step(std::uint64_t max_events) {
  const auto start = std::chrono::steady_clock::now();
  const bool done = simulation_->advance(max_events);
  wall_ += std::chrono::steady_clock::now() - start;
  return done;
}

bool Session::finished() const { return simulation_->finished(); }
double Session::progress() const { return simulation_->now().seconds() / simulation_->duration().seconds(); }
double Session::sim_time_s() const { return simulation_->now().seconds(); }
double Session::duration_s() const { return simulation_->duration().seconds(); }
std::uint64_t Session::events() const { return simulation_->events(); }
const std::string& Session::scenario_name() const { return spec_->name; }

Summary Session::summary() const {
  return summary_from_json(simulation_->summary(std::chrono::duration<double>(wall_).count()), spec_->name);
}

Summary Session::finish() {
  auto s = summary();
  if (csv_) {
    csv_->commit();
    metrics::write_file_atomically(folder_->path() / "summary.json", s.document);
  }
  if (folder_) folder_->commit();
  return s;
}

Snapshot Session::take_snapshot() {
  Snapshot snapshot;
  snapshot.sim_time_s = sim_time_s();
  snapshot.duration_s = duration_s();
  snapshot.events = events();
  snapshot.finished = finished();
  if (keeper_) keeper_->take(snapshot.rows, snapshot.event_rows);  // the same row types: moved, not copied
  return snapshot;
}

}  // namespace msim::api
