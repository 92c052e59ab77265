// msim: the command line. Runs, validates and draws scenarios through the engine's public API.
#include <atomic>
#include <charconv>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <list>
#include <map>
#include <stdexcept>

#include <CLI/CLI.hpp>
#include <sys/resource.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <msim/Extensions.hpp>
#include <msim/Experiments.hpp>
#include <msim/Import.hpp>
#include <msim/Report.hpp>
#include <msim/Scenario.hpp>

#include "Progress.hpp"
#include "Check.hpp"
#include "ResultTable.hpp"
#include "SummaryPath.hpp"

namespace {

constexpr int EXIT_USER_ERROR = 2;
constexpr int EXIT_CHECK_FAILED = 3;  // --check: the run finished, its results miss a threshold
constexpr double FAILED_WARNING_SHARE = 0.01;  // more failed requests than this is said loudly
constexpr int EXIT_INTERRUPTED = 130;

std::atomic<bool> interrupted{false};

/** A mistake on the command line, found after parsing: reported with exit code 2. */
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A whole number from 0 to 2^64-1, exactly as written (no sign, no clamping).
std::uint64_t parse_seed(const std::string& text) {
  std::uint64_t seed = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seed);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size())
    throw UsageError(fmt::format("--seed '{}': give a whole number from 0 to 18446744073709551615", text));
  return seed;
}

// "8GiB", "512MiB", "2GB", "1.5T": bytes (KiB/MiB/GiB/TiB and K/M/G/T are powers of 1024; KB/MB/GB/TB of 1000).
double parse_size(const std::string& text) {
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  const std::string unit = text.substr(used);
  static const std::vector<std::pair<std::string, double>> UNITS{
      {"", 1}, {"B", 1}, {"K", 1024}, {"KiB", 1024}, {"KB", 1e3}, {"M", 1 << 20}, {"MiB", 1 << 20}, {"MB", 1e6},
      {"G", 1 << 30}, {"GiB", 1 << 30}, {"GB", 1e9}, {"T", 1099511627776.0}, {"TiB", 1099511627776.0}, {"TB", 1e12}};
  for (const auto& [name, factor] : UNITS)
    if (used > 0 && unit == name && value > 0 && std::isfinite(value)) return value * factor;
  throw UsageError(fmt::format("--max-memory '{}': give a size such as 8GiB, 512MiB or 2GB", text));
}

// Folder options must name a folder: an empty value is a mistake, not "the default".
const CLI::Validator NON_EMPTY_FOLDER(
    [](std::string& value) { return value.empty() ? std::string("give a folder (leave the option out for the default)") : std::string(); },
    "DIR");

void on_signal(int) { interrupted = true; }

int report_problems(const std::vector<msim::api::Problem>& problems) {
  for (const auto& p : problems) fmt::print(stderr, "{}\n", p);
  fmt::print(stderr, "msim: {} problem{} found\n", problems.size(), problems.size() == 1 ? "" : "s");
  return EXIT_USER_ERROR;
}

/** `msim import NAME`: the subcommand of one importer and what its command line holds. */
struct ImportCommand {
  msim::api::ImporterInfo info;
  CLI::App* app = nullptr;
  std::vector<std::string> inputs;
  std::map<std::string, std::string> values;  // option name -> value as typed
  std::string output;
};

struct CommonOptions {
  std::string file;
  std::vector<std::string> overrides;
  std::optional<std::string> seed;
  std::optional<std::string> duration;
  std::optional<std::string> max_memory;
  bool force = false;
  std::vector<std::string> injections;
  std::optional<std::string> traffic_scale;

  void add_to(CLI::App& cmd, bool run_options) {
    cmd.add_option("FILE", file, "Scenario file (YAML)")->required();
    cmd.add_option("--set", overrides, "Override a value: dotted.key=value (repeatable)")->type_name("KEY=VALUE");
    if (run_options) {
      cmd.add_option("--seed", seed, "Random seed, 0 to 18446744073709551615 (replaces the scenario's)")->type_name("N");
      cmd.add_option("--duration", duration, "Simulated duration, e.g. 10m (replaces the scenario's)");
      cmd.add_option("--max-memory", max_memory, "Refuse runs estimated to need more memory than this (default: half of this machine's)")
          ->type_name("SIZE");
      cmd.add_flag("--force", force, "Run even when the estimate exceeds the memory budget or the free disk space");
      cmd.add_option("--inject", injections,
                     "Add a failure, e.g. 'crash zone=b at=5m for=2m' or 'slowdown service=api factor=3 at=1m for=30s' (repeatable)")
          ->type_name("'KIND key=value...'");
      cmd.add_option("--scale-traffic", traffic_scale, "Every workload's rate (or users) times this, e.g. 2x or 0.5x")->type_name("FACTOR");
    }
  }
  msim::api::SessionOptions session_options() const {
    msim::api::SessionOptions o;
    o.overrides = overrides;
    if (seed) o.seed = parse_seed(*seed);
    if (max_memory) o.max_memory_bytes = parse_size(*max_memory);
    o.force = force;
    o.injections = injections;
    if (traffic_scale) {
      std::string t = *traffic_scale;
      if (!t.empty() && (t.back() == 'x' || t.back() == 'X')) t.pop_back();
      std::size_t used = 0;
      double k = 0;
      try {
        k = std::stod(t, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used == 0 || used != t.size() || !(k > 0)) throw UsageError(fmt::format("--scale-traffic '{}': give a factor above 0, e.g. 2x or 0.5x", *traffic_scale));
      o.traffic_scale = k;
    }
    o.duration = duration;
    return o;
  }
};

struct RunFlags {
  std::string out_dir;
  bool quiet = false;
  bool json = false;
  std::vector<std::string> get;  // summary values to print, by dotted path
  bool stats = false;  // print wall time, speed and peak memory
  std::size_t replications = 1;
  unsigned jobs = 1;
  std::string precision;  // "1%" or "0.01"
  std::size_t max_replications = 1000;
  std::string trace_sample;  // --trace-sample: replaces tracing.sample
  std::string trace_format;  // --trace-format otlp|jaeger
  bool prometheus = false;  // --prometheus: also write metrics.prom
  bool fingerprint = false;  // --fingerprint
  std::vector<std::string> checks;  // --check: thresholds; exit 3 when one is not met
};

std::optional<double> parse_precision(const std::string& text) {
  try {
    std::size_t used = 0;
    double v = std::stod(text, &used);
    if (used < text.size() && text.substr(used) == "%") v /= 100;
    else if (used != text.size()) return std::nullopt;
    if (v <= 0 || v >= 1) return std::nullopt;
    return v;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

int run_command(const CommonOptions& common, const RunFlags& flags) {
  auto options = common.session_options();
  if (!flags.trace_sample.empty()) options.overrides.push_back("tracing.sample=" + flags.trace_sample);
  options.out_dir = flags.out_dir;
  options.results_root = "results";
  msim::api::BatchOptions batch;
  batch.replications = flags.replications;
  batch.jobs = flags.jobs;
  batch.max_replications = flags.max_replications;
  if (!flags.precision.empty()) {
    batch.precision = parse_precision(flags.precision);
    if (!batch.precision) {
      fmt::print(stderr, "msim: --precision '{}': give a relative half-width such as 1% or 0.01\n", flags.precision);
      return EXIT_USER_ERROR;
    }
  }
  for (const auto& expression : flags.checks) msim::cli::parse_check(expression);  // before the run: exit 2 at once
  batch.cancel = &interrupted;
  batch.trace_format = flags.trace_format;
  batch.prometheus = flags.prometheus;
  batch.fingerprint = flags.fingerprint;
  msim::cli::Progress progress(stderr);
  if (!flags.quiet) batch.progress = [&](double fraction, std::uint64_t events) { progress.update(fraction, events); };

  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  const auto result = msim::api::run_batch(common.file, options, batch);
  progress.done();
  for (const auto& w : result.warnings) fmt::print(stderr, "{}\n", w);
  for (const auto& n : result.notes) fmt::print(stderr, "msim: note: {}\n", n);
  if (!result.problems.empty()) return report_problems(result.problems);
  if (result.cancelled) {
    fmt::print(stderr, "msim: interrupted; nothing written ({} is as it was)\n", result.out_dir.string());
    return EXIT_INTERRUPTED;
  }
  if (flags.stats) {
    struct rusage usage {};
    ::getrusage(RUSAGE_SELF, &usage);  // ru_maxrss is in KiB on Linux
    fmt::print(stderr, "msim: stats: {:.3f} s wall, {:.0f} events, {:.2f} M events/s, peak RSS {:.1f} MiB\n", result.summary.wall_s,
               result.summary.events, result.summary.wall_events_per_s / 1e6, static_cast<double>(usage.ru_maxrss) / 1024.0);
  }
  if (const double pending = result.summary.cluster.pending_instances; pending > 0)
    fmt::print(stderr, "msim: warning: {:g} instance(s) could not be placed (not enough node capacity) and stayed pending; see events.csv\n",
               pending);
  // --get, --check and the table read summary.json by dotted path: they walk the document itself.
  const auto summary = nlohmann::ordered_json::parse(result.summary.document);
  if (!result.note.empty() && !flags.json && !flags.quiet && flags.get.empty()) fmt::print(stderr, "msim: {}\n", result.note);
  // Said even with --quiet: a run where most requests failed must not pass for a healthy one.
  for (const auto& w : msim::cli::headline_warnings(summary, FAILED_WARNING_SHARE)) fmt::print(stderr, "msim: {}\n", w);
  if (!flags.get.empty()) {
    for (const auto& key : flags.get) {
      const auto* value = msim::cli::find_summary_value(summary, key);
      if (!value) {
        fmt::print(stderr, "msim: --get '{}': no such value in summary.json{}\n", key, msim::cli::suggest_summary_path(summary, key));
        return EXIT_USER_ERROR;
      }
      fmt::print("{}\n", value->dump());
    }
  } else if (flags.json) {
    fmt::print("{}", result.summary.document);
  } else if (!flags.quiet) {
    fmt::print("{}", msim::cli::format_result_table(summary));
    fmt::print("\nresults in {}/: {}\n", result.out_dir.string(), fmt::join(result.files, ", "));
  }
  bool checks_met = true;
  for (const auto& expression : flags.checks) {
    const auto outcome = msim::cli::evaluate_check(expression, summary);  // std::invalid_argument: exit 2
    for (const auto& l : outcome.lines) fmt::print(stderr, "msim: {}\n", l);
    checks_met = checks_met && outcome.passed;
  }
  return checks_met ? 0 : EXIT_CHECK_FAILED;
}

int sweep_command(const std::string& file, const std::string& out, const std::string& shard, bool quiet, msim::api::SweepOptions options) {
  if (!shard.empty()) {
    unsigned k = 0, n = 0;
    char extra = 0;
    if (std::sscanf(shard.c_str(), "%u/%u%c", &k, &n, &extra) != 2 || n == 0 || k >= n) {
      fmt::print(stderr, "msim: --shard '{}': give K/N with 0 <= K < N, e.g. 0/4\n", shard);
      return EXIT_USER_ERROR;
    }
    options.shard_index = k;
    options.shard_count = n;
  }
  if (options.mpi && !msim::api::mpi_available()) {
    fmt::print(stderr, "msim: --mpi: this msim was built without MPI (install openmpi-bin and libopenmpi-dev, then rebuild)\n");
    return EXIT_USER_ERROR;
  }
  options.out_dir = out;
  options.cancel = &interrupted;
  msim::cli::Progress progress(stderr);
  if (!quiet)
    options.progress = [&](const msim::api::SweepProgress& p) {
      progress.update_runs(p.done, p.failed, p.total - p.skipped, p.skipped);
    };
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  const auto result = msim::api::sweep(file, options);
  progress.done();
  if (!result.problems.empty()) return report_problems(result.problems);
  if (!result.root) return result.cancelled ? EXIT_INTERRUPTED : 0;
  if (result.cancelled) {
    fmt::print(stderr, "msim: interrupted; {} finished runs are kept in {}: run the same command again to continue\n",
               result.status.skipped + result.status.done, result.out_dir.string());
    return EXIT_INTERRUPTED;
  }
  if (!quiet) {
    fmt::print("{} runs: {} ok, {} failed{}\n", result.status.total, result.ok, result.failed,
               result.status.skipped ? fmt::format(" ({} finished earlier and kept)", result.status.skipped) : "");
    fmt::print("results: {}/runs.csv, points.csv, runs/<run>/\n", result.out_dir.string());
  }
  return 0;
}

// scenarios/validation/suite.yaml from the current folder, else next to the build folder.
std::filesystem::path default_suite_path() {
  const std::filesystem::path relative = "scenarios/validation/suite.yaml";
  if (std::filesystem::exists(relative)) return relative;
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec)
    for (auto dir = exe.parent_path(); dir.has_relative_path(); dir = dir.parent_path())
      if (std::filesystem::exists(dir / relative)) return dir / relative;
  return relative;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"msim: discrete-event simulator of microservice clusters"};
  app.set_version_flag("--version", std::string("msim ") + msim::api::version());
  app.require_subcommand(1);

  CommonOptions run_opts;
  RunFlags run_flags;
  auto* run = app.add_subcommand("run", "Run a scenario and write its results");
  run_opts.add_to(*run, true);
  run->add_option("--out", run_flags.out_dir, "Output folder (default: results/<scenario name>)")->check(NON_EMPTY_FOLDER);
  run->add_option("--replications,-r", run_flags.replications, "Independent replications (their mean and 95% CI are reported)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}));
  run->add_option("--jobs,-j", run_flags.jobs, "Replications run in parallel (results do not depend on it)")
      ->check(CLI::Range(1u, 4096u));
  run->add_option("--precision", run_flags.precision,
                  "Add replications until the relative 95% half-width of the mean latency and throughput is below this (e.g. 1%)");
  run->add_option("--max-replications", run_flags.max_replications, "Upper bound for --precision")->check(CLI::Range(std::size_t{2}, std::size_t{1000000}));
  run->add_flag("--quiet,-q", run_flags.quiet, "Print nothing but errors");
  run->add_flag("--json", run_flags.json, "Print summary.json instead of the table");
  run->add_flag("--stats", run_flags.stats, "Print wall time, events per second and peak memory (RSS) on stderr");
  run->add_option("--trace-sample", run_flags.trace_sample, "Fraction of requests traced into spans.csv (replaces tracing.sample), e.g. 0.001 or 1%");
  run->add_option("--trace-format", run_flags.trace_format, "Also write the traces as traces.otlp.json (otlp) or traces.jaeger.json (jaeger)")
      ->check(CLI::IsMember({"otlp", "jaeger"}));
  run->add_flag("--prometheus", run_flags.prometheus, "Also write the final metrics as metrics.prom (Prometheus text exposition format)");
  run->add_flag("--fingerprint", run_flags.fingerprint,
                "Add trajectory_fingerprint to summary.json: a hash over time, kind and target of every event (same hash = same run)");
  run->add_option("--check", run_flags.checks,
                  "Exit with code 3 unless the results meet this, e.g. 'requests.all.latency_ms.p99 < 200ms and requests.all.failed_ratio < 1%' "
                  "(repeatable)")
      ->type_name("EXPR");
  run->add_option("--get", run_flags.get, "Print only this value of summary.json, by dotted path (repeatable), e.g. requests.all.latency_ms.p99");

  CommonOptions validate_opts;
  auto* validate = app.add_subcommand("validate", "Check a scenario without running it");
  validate_opts.add_to(*validate, false);

  int gen_services = 100, gen_instances = 300;
  std::string gen_rate = "5000/s", gen_out, gen_shape = "alibaba", gen_duration = "1h";
  std::uint64_t gen_seed = 1;
  auto* generate = app.add_subcommand("generate", "Write a synthetic scenario shaped like the Alibaba traces (for scale tests)");
  generate->add_option("--services", gen_services, "Number of services")->check(CLI::Range(1, 10000000));
  generate->add_option("--instances", gen_instances, "Number of instances in all")->check(CLI::Range(1, 100000000));
  generate->add_option("--rate", gen_rate, "Requests per second, e.g. 5000/s");
  generate->add_option("--duration", gen_duration, "Simulated duration");
  generate->add_option("--shape", gen_shape, "Call-graph shape")->check(CLI::IsMember({"alibaba"}));
  generate->add_option("--seed", gen_seed, "Seed of the generator");
  generate->add_option("-o,--output", gen_out, "Scenario file to write")->required();

  CommonOptions compare_opts;
  msim::api::CompareOptions co;
  std::string compare_out, strategies;
  auto* compare = app.add_subcommand("compare", "Run scaling strategies on identical traffic and compare them with confidence intervals");
  compare_opts.add_to(*compare, true);
  compare->add_option("--strategies", strategies,
                      fmt::format("Comma-separated, the first is the baseline: {}, static:N (N replicas)", fmt::join(msim::api::strategy_names(), ", ")))
      ->required();
  compare->add_option("--window", co.windows, "Also judge this window on its own, e.g. 10m..20m (repeatable; default: from each load change or failure to the next)")
      ->type_name("FROM..TO");
  compare->add_option("--service", co.services, "Service(s) to scale (default: those with an autoscaler block)");
  compare->add_option("--replications,-r", co.replications, "Replications per strategy")->check(CLI::Range(std::size_t{2}, std::size_t{100000}));
  compare->add_option("--jobs,-j", co.jobs, "Replications run in parallel")->check(CLI::Range(1u, 4096u));
  compare->add_option("--out", compare_out, "Output folder (default: results/<scenario name>-compare)")->check(NON_EMPTY_FOLDER);

  msim::api::ModelValidationOptions vm;
  std::string suite_file;
  auto* validate_model = app.add_subcommand("validate-model", "Check the engine against queueing theory (the validation suite)");
  validate_model->add_option("--suite", suite_file, "Suite file (default: scenarios/validation/suite.yaml)");
  validate_model->add_option("--jobs,-j", vm.jobs, "Replications run in parallel")->check(CLI::Range(1u, 4096u));
  validate_model->add_option("--case", vm.cases, "Run only this case (repeatable)");
  validate_model->add_option("--perturb", vm.perturbation, "Run a deliberately wrong engine: faster-service, lifo or one-worker-fewer");
  validate_model->add_flag("--markdown", vm.markdown, "Print the table as Markdown");

  msim::api::SweepOptions so;
  std::string sweep_file, sweep_out, shard;
  bool sweep_quiet = false;
  auto* sweep = app.add_subcommand("sweep", "Run an experiment: parameter points x replications on all cores, resumable");
  sweep->add_option("EXPERIMENT", sweep_file, "Experiment file (YAML)")->required();
  sweep->add_option("--out", sweep_out, "Output folder (default: results/<experiment name>)")->check(NON_EMPTY_FOLDER);
  sweep->add_option("--jobs,-j", so.jobs, "Runs in parallel (results do not depend on it)")->check(CLI::Range(1u, 4096u));
  sweep->add_option("--shard", shard, "Run only part K of N (K = 0..N-1), for several machines; combine with msim merge")->type_name("K/N");
  sweep->add_flag("--mpi", so.mpi, "Share the runs among the ranks of an MPI job (mpirun -np P msim sweep ... --mpi)");
  sweep->add_flag("--fresh", so.fresh, "Discard earlier results in the output folder instead of resuming");
  sweep->add_flag("--retry-failed", so.retry_failed, "Rerun runs recorded as failed");
  sweep->add_flag("--quiet,-q", sweep_quiet, "Print nothing but errors");

  std::vector<std::string> merge_dirs;
  std::string merge_out;
  auto* merge = app.add_subcommand("merge", "Combine the folders of a sweep's shards into one, with whole runs.csv and points.csv");
  merge->add_option("SHARD_DIR", merge_dirs, "Shard output folders")->required();
  merge->add_option("--out", merge_out, "Merged folder")->required()->check(NON_EMPTY_FOLDER);
  auto* import_cmd = app.add_subcommand("import", "Build a scenario from another format");
  import_cmd->require_subcommand(1);
  std::list<ImportCommand> import_commands;  // one per importer in the registry; a list keeps the bound fields in place
  for (auto& info : msim::api::importers()) {
    auto& c = import_commands.emplace_back();
    c.info = std::move(info);
    c.app = import_cmd->add_subcommand(c.info.name, c.info.help);
    auto* inputs = c.app->add_option(c.info.inputs_name, c.inputs, c.info.inputs_help)->required();
    if (!c.info.many_inputs) inputs->expected(1);
    for (const auto& o : c.info.options)
      c.app->add_option("--" + o.name, c.values[o.name], o.help + (o.fallback.empty() ? "" : "; default " + o.fallback))->type_name(o.value_name);
    c.app->add_option("-o,--output", c.output, "Scenario file to write")->required();
  }

  msim::api::ReportOptions report_options;
  std::string report_dir, report_out;
  auto* report = app.add_subcommand("report", "Show a results folder (run, replications, compare, sweep) as one self-contained HTML page, or its charts as PNG/SVG files");
  report->add_option("RESULTS_DIR", report_dir, "Folder written by msim run, msim compare or msim sweep")->required();
  report->add_option("-o,--output", report_out,
                     "The HTML file (default: RESULTS_DIR/report.html); with png or svg, the folder is this path without its extension (default: RESULTS_DIR/report/)");
  report->add_option("--format", report_options.format, "html (one page), png or svg (one image file per chart)")->check(CLI::IsMember({"html", "png", "svg"}));

  CommonOptions graph_opts;
  auto* graph = app.add_subcommand("graph", "Print the scenario's service graph as Graphviz DOT");
  graph_opts.add_to(*graph, false);

  std::string list_point;
  auto* list = app.add_subcommand("list", "List what a scenario can name at an extension point, with help and parameters");
  list->add_option("POINT", list_point, "The extension point")->required()->check(CLI::IsMember(msim::api::extension_points()));

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return EXIT_USER_ERROR;
  }

  try {
    if (*run) return run_command(run_opts, run_flags);
    if (*validate) {
      std::vector<msim::api::Problem> warnings;
      std::optional<msim::api::FootprintEstimate> needs;
      const auto problems = msim::api::validate(validate_opts.file, validate_opts.session_options(), &warnings, &needs);
      for (const auto& w : warnings) fmt::print(stderr, "{}\n", w);
      if (!problems.empty()) return report_problems(problems);
      fmt::print("{}: OK{}\n", validate_opts.file, needs ? " (a run needs " + needs->text + ")" : "");
      return 0;
    }
    if (*generate) {
      const double rate = std::strtod(gen_rate.c_str(), nullptr);
      const auto [yaml, problems] = msim::api::generate_scenario(gen_services, gen_instances, rate, gen_duration, gen_seed);
      if (!problems.empty()) return report_problems(problems);
      msim::api::write_text_file(gen_out, yaml);
      fmt::print("{}: {} services, {} instances\n", gen_out, gen_services, gen_instances);
      return 0;
    }
    if (*compare) {
      for (std::size_t start = 0; start <= strategies.size();) {
        const auto comma = strategies.find(',', start);
        const std::string s = strategies.substr(start, comma - start);
        if (!s.empty()) co.strategies.push_back(s);
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      auto options = compare_opts.session_options();
      options.out_dir = compare_out;
      options.results_root = "results";
      co.cancel = &interrupted;
      std::signal(SIGINT, on_signal);
      std::signal(SIGTERM, on_signal);
      co.on_strategy_done = [](const std::string& name, std::size_t done, std::size_t total) { fmt::print(stderr, "[{}/{}] {}\n", done, total, name); };
      const auto result = msim::api::compare(compare_opts.file, options, co);
      if (!result.problems.empty()) return report_problems(result.problems);
      if (result.cancelled) {
        fmt::print(stderr, "msim: interrupted\n");
        return EXIT_INTERRUPTED;
      }
      fmt::print("{}\nresults in {}/: compare.md, compare.csv (every metric), compare.json, one folder per strategy\n", result.text,
                 result.out_dir.string());
      return 0;
    }
    if (*list) {
      for (const auto& e : msim::api::extensions(list_point)) {
        fmt::print("{}\n  {}\n", e.name, e.help);
        for (const auto& p : e.parameters) fmt::print("  {}: {}, default {}: {}\n", p.key, p.type, p.fallback, p.help);
      }
      return 0;
    }
    if (*validate_model) {
      vm.suite = suite_file.empty() ? default_suite_path() : std::filesystem::path(suite_file);
      vm.cancel = &interrupted;
      std::signal(SIGINT, on_signal);
      std::signal(SIGTERM, on_signal);
      vm.on_case_done = [](const std::string& name, std::size_t done, std::size_t total) {
        fmt::print(stderr, "[{}/{}] {}\n", done, total, name);
      };
      const auto result = msim::api::validate_model(vm);
      if (!result.problems.empty()) return report_problems(result.problems);
      fmt::print("{}", result.table);
      return result.passed == result.checks && result.checks > 0 ? 0 : 1;
    }
    if (*sweep) return sweep_command(sweep_file, sweep_out, shard, sweep_quiet, so);
    if (*merge) {
      std::vector<std::filesystem::path> dirs(merge_dirs.begin(), merge_dirs.end());
      const auto result = msim::api::merge_sweeps(dirs, merge_out);
      if (!result.problems.empty()) return report_problems(result.problems);
      fmt::print("{}: {} runs ok, {} failed{}; runs.csv, points.csv\n", merge_out, result.ok, result.failed,
                 result.missing ? fmt::format(", {} MISSING (a shard did not finish)", result.missing) : "");
      return result.missing ? 1 : 0;
    }
    for (const auto& c : import_commands) {
      if (!*c.app) continue;
      std::map<std::string, std::string> given;  // only the options on the command line: the importer knows the fallbacks
      for (const auto& [name, value] : c.values)
        if (c.app->count("--" + name) > 0) given.emplace(name, value);
      const auto result = msim::api::import_scenario(c.info.name, c.inputs, given, c.output);
      for (const auto& n : result.notes) fmt::print("note: {}\n", n);
      std::fflush(stdout);  // the notes come before the problems, on a terminal too
      if (!result.problems.empty()) return report_problems(result.problems);
      msim::api::write_text_file(c.output, result.yaml);
      fmt::print("{}: written{}\n", c.output, result.remark.empty() ? "" : " (" + result.remark + ")");
      return 0;
    }
    if (*report) {
      report_options.output = report_out;
      const auto result = msim::api::write_report(report_dir, report_options);
      for (const auto& p : result.problems) fmt::print(stderr, "msim: {}\n", p);
      if (!result.problems.empty()) return EXIT_USER_ERROR;
      if (report_options.format == "html") fmt::print("{}: report of the {} folder {}\n", result.written.front().string(), result.kind, report_dir);
      else
        fmt::print("{}/: {} {} files, one per chart, of the {} folder {}\n", result.written.empty() ? report_dir : result.written.front().parent_path().string(),
                   result.written.size(), report_options.format, result.kind, report_dir);
      return 0;
    }
    if (*graph) {
      const auto [dot, problems] = msim::api::graph_dot(graph_opts.file, graph_opts.session_options());
      if (!problems.empty()) return report_problems(problems);
      fmt::print("{}", dot);
      return 0;
    }
  } catch (const std::invalid_argument& e) {  // a malformed --check
    fmt::print(stderr, "msim: {}\n", e.what());
    return EXIT_USER_ERROR;
  } catch (const UsageError& e) {
    fmt::print(stderr, "msim: {}\n", e.what());
    return EXIT_USER_ERROR;
  } catch (const std::exception& e) {
    fmt::print(stderr, "msim: error: {}\n", e.what());
    return 1;
  }
  return 0;
}
