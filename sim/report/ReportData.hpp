#pragma once
/** @file
 *  @brief What msim report reads: a run folder, a folder of replications, a compare folder or a
 *  sweep folder (docs/output-format.md), as plain data.
 */
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/Chart.hpp"
#include "report/Csv.hpp"

namespace msim::report {

/** The folder is not one msim wrote, or a file in it is unreadable: a user error (exit 2). */
struct ReportError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/** One row of events.csv. */
struct Event {
  double time_s = 0;
  std::string id, kind, service, target, before, after, reason;
};

/** One run: summary.json, timeseries.csv (as series) and events.csv. */
struct RunData {
  std::filesystem::path dir;
  nlohmann::ordered_json summary;
  std::vector<std::string> services;  // in summary.json's (the scenario's) order
  std::vector<std::string> request_types;  // without "all"
  std::vector<double> times;  // the end of every reporting interval, ascending
  std::vector<Event> events;
  double duration_s = 0;

  /** Values of one metric over time: a request type's (`request_type` set) or a service's. */
  const std::vector<Point>& series(const std::string& metric, const std::string& service, const std::string& request_type = "") const;
  std::optional<double> slo_ms() const;

  std::map<std::string, std::vector<Point>> by_key;  // "metric|service|request_type" (endpoint rows are left out)
};

enum class FolderKind { RUN, REPLICATIONS, COMPARE, SWEEP };

/** What kind of results folder `dir` is; throws ReportError naming what is missing. */
FolderKind detect_folder(const std::filesystem::path& dir);

/** Reads a run folder (summary.json, timeseries.csv, events.csv); throws ReportError. */
RunData read_run(const std::filesystem::path& dir);
nlohmann::ordered_json read_json_file(const std::filesystem::path& file);

/** An msim compare folder: compare.json, and each strategy's aggregated summary and rep-0 run. */
struct CompareData {
  std::filesystem::path dir;
  nlohmann::ordered_json table;  // compare.json
  std::vector<std::string> strategies;  // in compare.json's order; the first is the baseline
  std::optional<nlohmann::ordered_json> recommendation;  // compare.json's "recommendation", when present
  std::map<std::string, nlohmann::ordered_json> summaries;  // <strategy>/summary.json
  std::map<std::string, RunData> first_runs;  // <strategy>/rep-0/, when present
  std::vector<std::string> notes;  // what could not be read

  /** mean and ci95 of one metric of compare.json, or nullopt when the strategy lacks it. */
  std::optional<std::pair<double, double>> metric(const std::string& strategy, const std::string& name) const;
};
CompareData read_compare(const std::filesystem::path& dir);
/** The folder msim compare writes a strategy to: every sign but letters, digits, '_' and '-' becomes '-'. */
std::string strategy_folder(const std::string& strategy);

/** An msim sweep folder: experiment.json and points.csv. */
struct SweepData {
  std::filesystem::path dir;
  nlohmann::ordered_json experiment;
  std::vector<std::string> parameters;
  CsvTable points;
};
SweepData read_sweep(const std::filesystem::path& dir);

}  // namespace msim::report
