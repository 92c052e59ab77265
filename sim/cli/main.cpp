// msim: the command line. Runs, validates and draws scenarios through the engine's public API.
#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <msim/Session.hpp>

#include "Progress.hpp"
#include "ResultTable.hpp"

namespace {

constexpr int EXIT_USER_ERROR = 2;
constexpr int EXIT_INTERRUPTED = 130;

std::atomic<bool> interrupted{false};

void on_signal(int) { interrupted = true; }

int report_problems(const std::vector<msim::api::Problem>& problems) {
  for (const auto& p : problems) fmt::print(stderr, "{}\n", p);
  fmt::print(stderr, "msim: {} problem{} found\n", problems.size(), problems.size() == 1 ? "" : "s");
  return EXIT_USER_ERROR;
}

struct CommonOptions {
  std::string file;
  std::vector<std::string> overrides;
  std::optional<std::uint64_t> seed;
  std::optional<std::string> duration;

  void add_to(CLI::App& cmd, bool run_options) {
    cmd.add_option("FILE", file, "Scenario file (YAML)")->required();
    cmd.add_option("--set", overrides, "Override a value: dotted.key=value (repeatable)")->type_name("KEY=VALUE");
    if (run_options) {
      cmd.add_option("--seed", seed, "Random seed (replaces the scenario's)");
      cmd.add_option("--duration", duration, "Simulated duration, e.g. 10m (replaces the scenario's)");
    }
  }
  msim::api::SessionOptions session_options() const {
    msim::api::SessionOptions o;
    o.overrides = overrides;
    o.seed = seed;
    o.duration = duration;
    return o;
  }
};

int run_command(const CommonOptions& common, const std::string& out_dir, bool quiet, bool json) {
  auto options = common.session_options();
  options.out_dir = out_dir;
  options.results_root = "results";
  auto opened = msim::api::Session::open(common.file, options);
  if (!opened.session) return report_problems(opened.problems);
  auto& run = *opened.session;

  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  msim::cli::Progress progress(stderr);
  constexpr std::uint64_t BATCH = 1 << 16;
  while (!run.step(BATCH)) {
    if (interrupted) {
      progress.done();
      fmt::print(stderr, "msim: interrupted at {:.1f} s of {:.1f} s simulated; no results written\n", run.sim_time_s(), run.duration_s());
      return EXIT_INTERRUPTED;
    }
    if (!quiet) progress.update(run.progress(), run.sim_time_s(), run.duration_s(), run.events());
  }
  progress.done();
  const auto summary = run.finish();
  if (json) {
    fmt::print("{}\n", summary.dump(2));
  } else if (!quiet) {
    fmt::print("{}", msim::cli::format_result_table(summary));
    fmt::print("\nresults: {}/summary.json, timeseries.csv, events.csv\n", run.out_dir().string());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"msim: discrete-event simulator of microservice clusters"};
  app.set_version_flag("--version", std::string("msim ") + msim::api::version());
  app.require_subcommand(1);

  CommonOptions run_opts;
  std::string out_dir;
  bool quiet = false;
  bool json = false;
  auto* run = app.add_subcommand("run", "Run a scenario and write its results");
  run_opts.add_to(*run, true);
  run->add_option("--out", out_dir, "Output folder (default: results/<scenario name>)");
  run->add_flag("--quiet,-q", quiet, "Print nothing but errors");
  run->add_flag("--json", json, "Print summary.json instead of the table");

  CommonOptions validate_opts;
  auto* validate = app.add_subcommand("validate", "Check a scenario without running it");
  validate_opts.add_to(*validate, false);

  CommonOptions graph_opts;
  auto* graph = app.add_subcommand("graph", "Print the scenario's service graph as Graphviz DOT");
  graph_opts.add_to(*graph, false);

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return EXIT_USER_ERROR;
  }

  try {
    if (*run) return run_command(run_opts, out_dir, quiet, json);
    if (*validate) {
      const auto problems = msim::api::validate(validate_opts.file, validate_opts.session_options());
      if (!problems.empty()) return report_problems(problems);
      fmt::print("{}: OK\n", validate_opts.file);
      return 0;
    }
    if (*graph) {
      const auto [dot, problems] = msim::api::graph_dot(graph_opts.file, graph_opts.session_options());
      if (!problems.empty()) return report_problems(problems);
      fmt::print("{}", dot);
      return 0;
    }
  } catch (const std::exception& e) {
    fmt::print(stderr, "msim: error: {}\n", e.what());
    return 1;
  }
  return 0;
}
