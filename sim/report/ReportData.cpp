#include "report/ReportData.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include <fmt/format.h>

namespace msim::report {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

std::string key_of(const std::string& metric, const std::string& service, const std::string& request_type) {
  return metric + '|' + service + '|' + request_type;
}

// The columns a reader needs, by name (docs/output-format.md: read columns by name).
std::vector<std::size_t> columns(const CsvTable& table, const fs::path& file, std::initializer_list<const char*> names) {
  std::vector<std::size_t> out;
  for (const char* name : names) {
    const auto c = table.column(name);
    if (!c) throw ReportError(fmt::format("{}: no column '{}' (not a file msim wrote?)", file.string(), name));
    out.push_back(*c);
  }
  return out;
}

void read_timeseries(RunData& run, const fs::path& file) {
  const CsvTable table = read_csv(file);
  const auto c = columns(table, file, {"time_s", "metric", "service", "endpoint", "request_type", "value"});
  for (const auto& row : table.rows) {
    if (row.size() < table.header.size()) continue;
    if (!row[c[3]].empty()) continue;  // endpoint rows: the report shows services and request types
    const auto t = to_number(row[c[0]]);
    const auto v = to_number(row[c[5]]);
    if (!t || !v) throw ReportError(fmt::format("{}: a row without a number: '{}' '{}'", file.string(), row[c[0]], row[c[5]]));
    // Times print as binary doubles (30.000000000000004): rounded, they line up across rows.
    const double time = std::round(*t * 1e9) / 1e9;
    if (run.times.empty() || time > run.times.back()) run.times.push_back(time);
    run.by_key[key_of(row[c[1]], row[c[2]], row[c[4]])].push_back({time, *v});
  }
}

void read_events(RunData& run, const fs::path& file) {
  const CsvTable table = read_csv(file);
  const auto c = columns(table, file, {"time_s", "id", "kind", "service", "target", "before", "after", "reason"});
  for (const auto& row : table.rows) {
    if (row.size() < table.header.size()) continue;
    Event e;
    e.time_s = to_number(row[c[0]]).value_or(0);
    e.id = row[c[1]];
    e.kind = row[c[2]];
    e.service = row[c[3]];
    e.target = row[c[4]];
    e.before = row[c[5]];
    e.after = row[c[6]];
    e.reason = row[c[7]];
    run.events.push_back(std::move(e));
  }
}

bool is_strategy_entry(const std::string& key, const json& value) {
  if (key == "recommendation" || !value.is_object()) return false;
  for (const auto& [metric, numbers] : value.items())
    if (numbers.is_object() && numbers.contains("mean")) return true;
  return false;
}

}  // namespace

const std::vector<Point>& RunData::series(const std::string& metric, const std::string& service, const std::string& request_type) const {
  static const std::vector<Point> none;
  const auto it = by_key.find(key_of(metric, service, request_type));
  return it == by_key.end() ? none : it->second;
}

std::optional<double> RunData::slo_ms() const {
  const json::json_pointer at("/requests/all/slo/objective_ms");
  if (summary.contains(at) && summary.at(at).is_number()) return summary.at(at).get<double>();
  return std::nullopt;
}

json read_json_file(const fs::path& file) {
  const std::string text = read_text(file);
  try {
    return json::parse(text);
  } catch (const json::exception& e) {
    throw ReportError(fmt::format("{}: not valid JSON ({})", file.string(), e.what()));
  }
}

FolderKind detect_folder(const fs::path& dir) {
  if (!fs::is_directory(dir)) throw ReportError(fmt::format("{}: no such folder", dir.string()));
  if (fs::exists(dir / "compare.json")) return FolderKind::COMPARE;
  if (fs::exists(dir / "experiment.json")) {
    if (!fs::exists(dir / "points.csv"))
      throw ReportError(fmt::format("{}: experiment.json but no points.csv: the sweep has not finished (run the same msim sweep command again)",
                                    dir.string()));
    return FolderKind::SWEEP;
  }
  if (fs::exists(dir / "summary.json")) {
    if (fs::is_directory(dir / "rep-0")) return FolderKind::REPLICATIONS;
    if (!fs::exists(dir / "timeseries.csv"))
      throw ReportError(fmt::format("{}: summary.json but no timeseries.csv (a run folder holds both)", dir.string()));
    return FolderKind::RUN;
  }
  throw ReportError(fmt::format(
      "{}: not an msim results folder: it has no summary.json (msim run), compare.json (msim compare) or experiment.json (msim sweep)",
      dir.string()));
}

RunData read_run(const fs::path& dir) {
  RunData run;
  run.dir = dir;
  for (const char* name : {"summary.json", "timeseries.csv"})
    if (!fs::exists(dir / name)) throw ReportError(fmt::format("{}: {} is missing (a run folder holds summary.json, timeseries.csv, events.csv)", dir.string(), name));
  run.summary = read_json_file(dir / "summary.json");
  if (!run.summary.is_object() || !run.summary.contains("requests") || !run.summary.contains("services"))
    throw ReportError(fmt::format("{}: not an msim summary (no 'requests' or 'services')", (dir / "summary.json").string()));
  for (const auto& [name, value] : run.summary["services"].items()) run.services.push_back(name);
  for (const auto& [name, value] : run.summary["requests"].items())
    if (name != "all") run.request_types.push_back(name);
  run.duration_s = run.summary.value("sim_time_s", 0.0);
  read_timeseries(run, dir / "timeseries.csv");
  if (fs::exists(dir / "events.csv")) read_events(run, dir / "events.csv");
  if (run.duration_s <= 0 && !run.times.empty()) run.duration_s = run.times.back();
  return run;
}

std::optional<std::pair<double, double>> CompareData::metric(const std::string& strategy, const std::string& name) const {
  if (!table.contains(strategy) || !table[strategy].contains(name)) return std::nullopt;
  const auto& m = table[strategy][name];
  if (!m.is_object() || !m.contains("mean") || !m["mean"].is_number()) return std::nullopt;
  return std::pair{m["mean"].get<double>(), m.contains("ci95") && m["ci95"].is_number() ? m["ci95"].get<double>() : 0.0};
}

std::string strategy_folder(const std::string& strategy) {
  std::string out;
  for (const char c : strategy) out += std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' ? c : '-';
  return out;
}

CompareData read_compare(const fs::path& dir) {
  CompareData data;
  data.dir = dir;
  const json document = read_json_file(dir / "compare.json");
  if (!document.is_object()) throw ReportError(fmt::format("{}: not a JSON object", (dir / "compare.json").string()));
  // compare.json nests the strategies under "strategies" (older files held them at the top).
  data.table = document.contains("strategies") && document["strategies"].is_object() ? document["strategies"] : document;
  for (const auto& [key, value] : data.table.items())
    if (is_strategy_entry(key, value)) data.strategies.push_back(key);
  if (data.strategies.empty()) throw ReportError(fmt::format("{}: no strategy with metrics", (dir / "compare.json").string()));
  if (document.contains("recommendation") && document["recommendation"].is_object()) data.recommendation = document["recommendation"];
  for (const auto& s : data.strategies) {
    const fs::path folder = dir / strategy_folder(s);
    if (fs::exists(folder / "summary.json")) data.summaries[s] = read_json_file(folder / "summary.json");
    else data.notes.push_back(fmt::format("{}/summary.json is missing", strategy_folder(s)));
    if (fs::exists(folder / "rep-0" / "timeseries.csv")) data.first_runs.emplace(s, read_run(folder / "rep-0"));
    else data.notes.push_back(fmt::format("{}/rep-0/timeseries.csv is missing: no time series for {}", strategy_folder(s), s));
  }
  return data;
}

SweepData read_sweep(const fs::path& dir) {
  SweepData data;
  data.dir = dir;
  data.experiment = read_json_file(dir / "experiment.json");
  if (!data.experiment.contains("parameters") || !data.experiment["parameters"].is_array())
    throw ReportError(fmt::format("{}: no 'parameters' list (not a sweep folder?)", (dir / "experiment.json").string()));
  for (const auto& p : data.experiment["parameters"])
    if (p.is_string()) data.parameters.push_back(p.get<std::string>());
  data.points = read_csv(dir / "points.csv");
  for (const auto& p : data.parameters) {
    if (data.points.column(p)) continue;
    // A parameter with a unit is a numeric column "name [unit]": read it back as "200/s", the
    // values as written in the experiment, which the charts take their axis unit from.
    const std::string prefix = p + " [";
    const auto it = std::find_if(data.points.header.begin(), data.points.header.end(), [&](const std::string& h) {
      return h.size() > prefix.size() && h.compare(0, prefix.size(), prefix) == 0 && h.back() == ']';
    });
    if (it == data.points.header.end())
      throw ReportError(fmt::format("{}: no column '{}' (the parameter in experiment.json)", (dir / "points.csv").string(), p));
    const std::string unit = it->substr(prefix.size(), it->size() - prefix.size() - 1);
    const auto c = static_cast<std::size_t>(it - data.points.header.begin());
    *it = p;
    for (auto& row : data.points.rows)
      if (c < row.size() && !row[c].empty()) row[c] += unit;
  }
  return data;
}

}  // namespace msim::report
