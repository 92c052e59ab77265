#include "experiment/SweepTables.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "experiment/Statistics.hpp"
#include "metrics/OutputFile.hpp"
#include "scenario/Diagnostics.hpp"

namespace msim::experiment {
namespace {

using json = nlohmann::ordered_json;

// Identity, not measurement: these are the run's own columns or the same for every run.
const std::set<std::string> NOT_METRICS{"schema_version", "msim_version", "scenario", "scenario_path", "scenario_sha256",
                                        "overrides", "seed", "replication"};

json read_json(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error(fmt::format("{}: cannot read", file.string()));
  try {
    return json::parse(in);
  } catch (const json::exception& e) {
    throw std::runtime_error(fmt::format("{}: not valid JSON ({})", file.string(), e.what()));
  }
}

// Leaves of a summary as (dotted path, value); lists become one text cell.
void flatten(const json& node, const std::string& prefix, std::vector<std::pair<std::string, const json*>>& out) {
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (prefix.empty() && NOT_METRICS.count(it.key())) continue;
    const std::string path = prefix.empty() ? it.key() : prefix + "." + it.key();
    if (it->is_object()) flatten(*it, path, out);
    else out.emplace_back(path, &*it);
  }
}

std::string cell(const json& value) {
  if (value.is_string()) return metrics::csv_field(value.get<std::string>());
  if (value.is_boolean()) return value.get<bool>() ? "1" : "0";
  if (value.is_null()) return "";
  if (value.is_array()) {
    std::string joined;
    for (const auto& v : value) joined += (joined.empty() ? "" : ";") + (v.is_string() ? v.get<std::string>() : v.dump());
    return metrics::csv_field(joined);
  }
  return value.dump();
}

std::optional<double> number(const json& value) {
  if (value.is_number()) return value.get<double>();
  if (value.is_boolean()) return value.get<bool>() ? 1.0 : 0.0;
  return std::nullopt;
}

std::string format_number(double x) { return fmt::format("{}", x); }

// A parameter whose values are all "<number><suffix>" with one suffix ("200/s", "30s") becomes a
// numeric column with the suffix in its header: "workload.w.rate [/s]" holding 200.
struct ParameterColumn {
  std::string header;
  std::string suffix;  // stripped from every value; empty: values as written
  bool numeric = false;
};

ParameterColumn parameter_column(const std::string& name, const json& points, std::size_t k) {
  ParameterColumn column{name, "", false};
  std::optional<std::string> shared;
  for (const auto& point : points) {
    const std::string v = point[k].get<std::string>();
    std::size_t used = 0;
    try {
      std::stod(v, &used);
    } catch (const std::exception&) {
      return column;
    }
    const std::string suffix = v.substr(used);
    if (suffix.find_first_of(" ,\"") != std::string::npos || (shared && *shared != suffix)) return column;
    shared = suffix;
  }
  column.numeric = shared.has_value();
  column.suffix = shared.value_or("");
  if (!column.suffix.empty()) column.header = fmt::format("{} [{}]", name, column.suffix);
  return column;
}

std::string parameter_cell(const ParameterColumn& column, const std::string& value) {
  if (!column.numeric || column.suffix.empty()) return metrics::csv_field(value);
  return value.substr(0, value.size() - column.suffix.size());
}

// One run's flattened metrics (empty for a failed or missing run).
struct RunRecord {
  RunState state = RunState::MISSING;
  json document;  // summary.json or failed.json
  std::vector<std::pair<std::string, const json*>> leaves;
};

RunRecord read_run(const std::filesystem::path& run_dir) {
  RunRecord r;
  r.state = run_state(run_dir);
  if (r.state == RunState::OK) {
    r.document = read_json(run_dir / "summary.json");
    flatten(r.document, "", r.leaves);
  } else if (r.state == RunState::FAILED) {
    r.document = read_json(run_dir / "failed.json");
  }
  return r;
}

}  // namespace

SweepManifest SweepManifest::make(const ExperimentSpec& spec, const std::vector<SweepPoint>& points, std::size_t shard_index,
                                  std::size_t shard_count) {
  SweepManifest m;
  m.doc["schema_version"] = 1;
  m.doc["experiment"] = spec.name;
  m.doc["experiment_file"] = spec.file.string();
  m.doc["scenario_file"] = spec.scenario.string();
  m.doc["sha256"] = spec.sha256;
  m.doc["replications"] = spec.replications;
  json parameters = json::array();
  if (!points.empty())
    for (const auto& [key, value] : points.front().values) parameters.push_back(key);
  m.doc["parameters"] = parameters;
  json rows = json::array();
  for (const auto& p : points) {
    json row = json::array();
    for (const auto& [key, value] : p.values) row.push_back(value);
    rows.push_back(row);
  }
  m.doc["points"] = rows;
  m.doc["metrics"] = spec.metrics;
  m.doc["shard"] = shard_count > 1 ? json{{"index", shard_index}, {"count", shard_count}} : json(nullptr);
  return m;
}

SweepManifest SweepManifest::read(const std::filesystem::path& dir) {
  SweepManifest m;
  m.doc = read_json(dir / "experiment.json");
  for (const char* key : {"sha256", "replications", "parameters", "points", "metrics"})
    if (!m.doc.contains(key)) throw std::runtime_error(fmt::format("{}: '{}' is missing (not a sweep folder?)", (dir / "experiment.json").string(), key));
  return m;
}

void SweepManifest::write(const std::filesystem::path& dir) const {
  metrics::write_file_atomically(dir / "experiment.json", doc.dump(2) + "\n");
}

std::size_t SweepManifest::shard_index() const { return doc["shard"].is_null() ? 0 : doc["shard"]["index"].get<std::size_t>(); }
std::size_t SweepManifest::shard_count() const { return doc["shard"].is_null() ? 1 : doc["shard"]["count"].get<std::size_t>(); }

std::filesystem::path SweepManifest::run_dir(const std::filesystem::path& dir, std::size_t run) const {
  const std::size_t pw = std::max<std::size_t>(4, fmt::format("{}", points() > 0 ? points() - 1 : 0).size());
  const std::size_t rw = std::max<std::size_t>(3, fmt::format("{}", replications() - 1).size());
  return dir / "runs" / fmt::format("p{:0{}}-r{:0{}}", run / replications(), pw, run % replications(), rw);
}

RunState run_state(const std::filesystem::path& run_dir) {
  std::error_code ec;
  if (std::filesystem::exists(run_dir / "summary.json", ec)) return RunState::OK;
  if (std::filesystem::exists(run_dir / "failed.json", ec)) return RunState::FAILED;
  return RunState::MISSING;
}

void record_failure(const std::filesystem::path& run_dir, const std::string& reason, std::optional<std::uint64_t> seed, double wall_s) {
  json j;
  j["reason"] = reason;
  j["seed"] = seed ? json(*seed) : json(nullptr);
  j["wall_s"] = wall_s;
  std::filesystem::create_directories(run_dir);
  metrics::write_file_atomically(run_dir / "failed.json", j.dump(2) + "\n");
}

std::vector<std::string> unknown_metric_patterns(const std::vector<std::string>& patterns, const json& summary) {
  std::vector<std::pair<std::string, const json*>> leaves;
  flatten(summary, "", leaves);
  std::vector<std::string> numeric_paths;
  for (const auto& [path, value] : leaves)
    if (number(*value)) numeric_paths.push_back(path);
  std::vector<std::string> problems;
  for (const auto& pattern : patterns) {
    const bool found = std::any_of(numeric_paths.begin(), numeric_paths.end(), [&](const std::string& p) { return matches_metric_pattern(pattern, p); });
    if (found) continue;
    const std::string closest = scenario::closest_match(pattern, numeric_paths);
    problems.push_back(fmt::format("metrics: '{}' matches no number of summary.json{}", pattern,
                                   closest.empty() ? " (see docs/output-format.md for its paths)" : fmt::format("; did you mean '{}'?", closest)));
  }
  return problems;
}

TableCounts write_sweep_tables(const std::filesystem::path& dir, const SweepManifest& manifest) {
  const auto& parameters = manifest.doc["parameters"];
  const auto& points = manifest.doc["points"];
  const std::size_t reps = manifest.replications();
  std::vector<std::string> patterns = manifest.doc["metrics"].get<std::vector<std::string>>();

  // Pass 1: the columns, in order of first appearance, and which of them hold numbers.
  std::vector<std::string> columns;
  std::unordered_map<std::string, std::size_t> column_index;
  std::vector<bool> numeric;
  TableCounts counts;
  for (std::size_t run = 0; run < manifest.runs(); ++run) {
    if (!manifest.owns(run)) continue;
    const RunRecord r = read_run(manifest.run_dir(dir, run));
    counts.ok += r.state == RunState::OK;
    counts.failed += r.state == RunState::FAILED;
    counts.missing += r.state == RunState::MISSING;
    for (const auto& [path, value] : r.leaves) {
      auto [it, added] = column_index.emplace(path, columns.size());
      if (added) {
        columns.push_back(path);
        numeric.push_back(false);
      }
      if (number(*value)) numeric[it->second] = true;
    }
  }
  // points.csv summarises the chosen metrics (every numeric column by default).
  std::vector<std::size_t> summarised;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (!numeric[c]) continue;
    bool chosen = patterns.empty();
    for (const auto& p : patterns) chosen = chosen || matches_metric_pattern(p, columns[c]);
    if (chosen) summarised.push_back(c);
  }

  std::string head;
  std::vector<ParameterColumn> parameter_columns;
  for (std::size_t k = 0; k < parameters.size(); ++k) {
    parameter_columns.push_back(parameter_column(parameters[k].get<std::string>(), points, k));
    head += "," + metrics::csv_field(parameter_columns.back().header);
  }
  metrics::OutputFile runs_csv(dir / "runs.csv");
  metrics::OutputFile points_csv(dir / "points.csv");
  {
    std::string line = "point" + head + ",replication,seed,status,error";
    for (const auto& c : columns) line += "," + metrics::csv_field(c);
    runs_csv.write(line + "\n");
    line = "point" + head + ",runs,failed";
    for (const auto c : summarised) line += "," + metrics::csv_field(columns[c] + ".mean") + "," + metrics::csv_field(columns[c] + ".ci95");
    points_csv.write(line + "\n");
  }

  // Pass 2: one row per run; per point, the mean and 95 % CI of each summarised metric.
  std::vector<std::string> cells(columns.size());
  std::vector<const json*> by_column(columns.size());
  for (std::size_t point = 0; point < manifest.points(); ++point) {
    std::string params;
    for (std::size_t k = 0; k < points[point].size(); ++k)
      params += "," + parameter_cell(parameter_columns[k], points[point][k].get<std::string>());
    std::vector<std::vector<double>> values(summarised.size());
    std::size_t ok = 0, failed = 0, seen = 0;
    for (std::size_t rep = 0; rep < reps; ++rep) {
      const std::size_t run = point * reps + rep;
      if (!manifest.owns(run)) continue;
      const RunRecord r = read_run(manifest.run_dir(dir, run));
      if (r.state == RunState::MISSING) continue;
      ++seen;
      std::fill(cells.begin(), cells.end(), std::string());
      std::string seed, status = "ok", error;
      if (r.state == RunState::OK) {
        ++ok;
        seed = r.document.value("seed", json(nullptr)).dump();
        std::fill(by_column.begin(), by_column.end(), nullptr);
        for (const auto& [path, value] : r.leaves) {
          const std::size_t c = column_index.at(path);
          cells[c] = cell(*value);
          by_column[c] = value;
        }
        for (std::size_t k = 0; k < summarised.size(); ++k)
          if (const json* value = by_column[summarised[k]])
            if (const auto x = number(*value)) values[k].push_back(*x);
      } else {
        ++failed;
        status = "failed";
        seed = r.document["seed"].is_null() ? "" : r.document["seed"].dump();
        error = metrics::csv_field(r.document.value("reason", std::string()));
      }
      std::string line = fmt::format("{}{},{},{},{},{}", point, params, rep, seed, status, error);
      for (const auto& c : cells) line += "," + c;
      runs_csv.write(line + "\n");
    }
    if (seen == 0) continue;
    std::string line = fmt::format("{}{},{},{}", point, params, ok, failed);
    for (const auto& v : values) {
      const Estimate e = estimate(v, 0.95);
      line += v.empty() ? "," : "," + format_number(e.mean);
      line += v.size() < 2 ? "," : "," + format_number(e.half_width);
    }
    points_csv.write(line + "\n");
  }
  runs_csv.commit();
  points_csv.commit();
  return counts;
}

}  // namespace msim::experiment
