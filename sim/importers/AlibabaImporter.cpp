#include "scenario/InputFile.hpp"
#include "importers/Importer.hpp"
#include "importers/AlibabaImporter.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>

#include <fmt/format.h>

#include "scenario/Diagnostics.hpp"
#include "scenario/ScenarioLoader.hpp"

namespace msim::importers {
namespace {

struct Row {
  std::string trace, rpcid, um, dm, interface, rpctype;
  double rt_ms = 0;
  double timestamp_ms = 0;
  bool has_time = false;
  std::size_t line = 0;
};

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') cell += '"', ++i;
      else if (c == '"') quoted = false;
      else cell += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      cells.push_back(cell);
      cell.clear();
    } else if (c != '\r') {
      cell += c;
    }
  }
  cells.push_back(cell);
  return cells;
}

// A DNS label from a trace name: "MS_27421" -> "ms-27421".
std::string service_name(const std::string& raw) {
  std::string out;
  for (const char c : raw) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) out += static_cast<char>(std::tolower(u));
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  if (out.empty() || !std::isalpha(static_cast<unsigned char>(out.front()))) out = "s-" + out;
  return out.substr(0, 63);
}

std::string endpoint_name(const std::string& raw) {
  std::string out;
  for (const char c : raw)
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '/') out += c;
  return out.empty() ? "handle" : out;
}

std::string parent_of(const std::string& rpcid) {
  const auto dot = rpcid.rfind('.');
  return dot == std::string::npos ? std::string() : rpcid.substr(0, dot);
}

double quantile(std::vector<double>& v, double q) {
  std::sort(v.begin(), v.end());
  const auto k = static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size()))) ;
  return v[std::min(v.size() - 1, k == 0 ? 0 : k - 1)];
}

std::string duration_text(double ms) {
  if (ms >= 1000) return fmt::format("{:.4g}s", ms / 1000);
  if (ms >= 1) return fmt::format("{:.4g}ms", ms);
  return fmt::format("{:.4g}us", std::max(1.0, ms * 1000));
}

}  // namespace

AlibabaImportResult import_alibaba(const NamedText& csv, const std::string& output_name) {
  AlibabaImportResult result;
  auto problem = [&](std::size_t line, const std::string& message) { result.problems.push_back(fmt::format("{}:{}: {}", csv.name, line, message)); };
  std::istringstream in(csv.text);
  std::string line;
  if (!std::getline(in, line)) {
    problem(1, "empty file: expected a header row like timestamp,traceid,rpcid,um,rpctype,dm,interface,rt");
    return result;
  }
  // Columns by name (2021 and 2022 releases differ in order and spelling).
  const auto header = split_csv_line(line);
  std::map<std::string, std::size_t> column;
  for (std::size_t k = 0; k < header.size(); ++k) {
    std::string name;
    for (const char c : header[k])
      if (c != ' ' && c != '_') name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    column.emplace(name, k);
  }
  const std::vector<std::string> needed{"traceid", "rpcid", "um", "dm", "rt"};
  std::vector<std::string> header_names;  // the columns that are not already a needed one: candidates for a typo
  for (const auto& [name, k] : column)
    if (std::find(needed.begin(), needed.end(), name) == needed.end()) header_names.push_back(header[k]);
  for (const auto& n : needed)
    if (!column.count(n)) problem(1, fmt::format("no '{}' column (MSCallGraph needs traceid, rpcid, um, dm, rt){}", n, scenario::suggest(n, header_names)));
  if (!result.problems.empty()) return result;
  const auto col = [&](const char* name) { return column.count(name) ? std::optional(column.at(name)) : std::nullopt; };
  const auto c_time = col("timestamp"), c_interface = col("interface"), c_type = col("rpctype");

  std::map<std::string, std::vector<Row>> traces;
  std::size_t number = 1, negative_rt = 0, rows = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line == "\r") continue;
    const auto cells = split_csv_line(line);
    if (cells.size() < header.size()) {
      problem(number, fmt::format("{} cells, the header has {}", cells.size(), header.size()));
      if (result.problems.size() >= 20) break;
      continue;
    }
    Row r;
    r.line = number;
    r.trace = cells[column["traceid"]];
    r.rpcid = cells[column["rpcid"]];
    r.um = cells[column["um"]];
    r.dm = cells[column["dm"]];
    if (c_interface) r.interface = cells[*c_interface];
    if (c_type) r.rpctype = cells[*c_type];
    try {
      r.rt_ms = std::stod(cells[column["rt"]]);
      if (c_time && !cells[*c_time].empty()) r.timestamp_ms = std::stod(cells[*c_time]), r.has_time = true;
    } catch (const std::exception&) {
      problem(number, fmt::format("rt '{}' or timestamp is not a number", cells[column["rt"]]));
      continue;
    }
    if (r.rpcid.empty() || r.dm.empty() || r.trace.empty()) {
      problem(number, "traceid, rpcid and dm must not be empty");
      continue;
    }
    if (r.rt_ms < 0) ++negative_rt;
    traces[r.trace].push_back(std::move(r));
    ++rows;
  }
  if (!result.problems.empty()) return result;
  if (rows == 0) {
    problem(2, "no call rows after the header");
    return result;
  }

  // Per endpoint (service, interface): invocations, self times, and calls made per edge.
  struct EndpointStats {
    std::size_t invocations = 0;
    std::vector<double> self_ms;
    std::map<std::pair<std::string, std::string>, std::size_t> calls;  // (service, endpoint) -> count
    std::map<std::pair<std::string, std::string>, long> position;  // smallest rpcid index seen: the call order
  };
  std::map<std::pair<std::string, std::string>, EndpointStats> endpoints;
  std::map<std::pair<std::string, std::string>, std::size_t> roots;  // entry endpoint -> traces
  double first_ms = INFINITY, last_ms = -INFINITY;
  std::set<std::string> async_types;
  for (auto& [id, calls] : traces) {
    std::unordered_map<std::string, const Row*> by_rpcid;
    for (const auto& r : calls) by_rpcid.emplace(r.rpcid, &r);
    std::unordered_map<std::string, double> children_rt;
    for (const auto& r : calls)
      if (const auto p = by_rpcid.find(parent_of(r.rpcid)); p != by_rpcid.end() && r.rt_ms > 0) children_rt[p->first] += r.rt_ms;
    for (const auto& r : calls) {
      const auto key = std::make_pair(service_name(r.dm), endpoint_name(r.interface));
      auto& e = endpoints[key];
      ++e.invocations;
      if (r.rt_ms >= 0) e.self_ms.push_back(std::max(0.0, r.rt_ms - children_rt[r.rpcid]));
      if (r.rpctype == "mq") async_types.insert("mq");
      const auto p = by_rpcid.find(parent_of(r.rpcid));
      if (p == by_rpcid.end()) {
        ++roots[key];
        if (r.has_time) first_ms = std::min(first_ms, r.timestamp_ms), last_ms = std::max(last_ms, r.timestamp_ms);
      } else {
        auto& caller = endpoints[{service_name(p->second->dm), endpoint_name(p->second->interface)}];
        ++caller.calls[key];
        const long index = std::strtol(r.rpcid.c_str() + r.rpcid.rfind('.') + 1, nullptr, 10);
        const auto [at, added] = caller.position.emplace(key, index);
        if (!added) at->second = std::min(at->second, index);
      }
    }
  }

  // The scenario text.
  std::string y = fmt::format("# Imported by `msim import alibaba` from {}: {} rows, {} traces.\n", csv.name, rows, traces.size());
  y += "# Service times are self times (rt minus the children's rt, as if the children ran in sequence),\n"
       "# fitted as lognormal by median and p99; workers and replicas are defaults (see docs/importers.md).\n";
  const std::string stem = [&] {
    auto s = service_name(std::filesystem::path(output_name.empty() ? csv.name : output_name).stem().string());
    return s.empty() ? std::string("alibaba") : s;
  }();
  y += fmt::format("name: {}\nseed: 1\nduration: 10m\nwarmup: 30s\nmetrics: {{ interval: 10s }}\nservices:\n", stem);
  std::map<std::string, std::vector<std::pair<std::string, const EndpointStats*>>> by_service;
  for (const auto& [key, e] : endpoints) by_service[key.first].emplace_back(key.second, &e);
  for (const auto& [svc, eps] : by_service) {
    y += fmt::format("  {}:\n    replicas: 1\n    workers: 16\n    endpoints:\n", svc);
    for (const auto& [ep, e] : eps) {
      std::vector<double> self = e->self_ms;
      std::string work = "exponential(1ms)";
      if (!self.empty()) {
        const double median = quantile(self, 0.5), p99 = quantile(self, 0.99);
        if (median <= 0) work = fmt::format("exponential({})", duration_text(std::max(0.001, p99 / 4.6)));
        else if (p99 <= median * 1.01) work = fmt::format("constant({})", duration_text(median));
        else work = fmt::format("lognormal(median={}, p99={})", duration_text(median), duration_text(p99));
      }
      y += fmt::format("      \"{}\":\n        work: \"{}\"\n", ep, work);
      if (e->calls.empty()) continue;
      y += "        calls:\n";
      std::vector<std::pair<std::string, std::string>> order;
      for (const auto& [callee, count] : e->calls) order.push_back(callee);
      std::stable_sort(order.begin(), order.end(), [&](const auto& a, const auto& b) { return e->position.at(a) < e->position.at(b); });
      for (const auto& callee : order) {
        const std::size_t count = e->calls.at(callee);
        const double per = static_cast<double>(count) / static_cast<double>(e->invocations);
        const std::string target = callee.first + "." + callee.second;
        if (per <= 1.0 + 1e-9)
          y += fmt::format("          - {{ call: \"{}\", probability: {:.4g}% }}\n", target, 100 * std::min(1.0, per));
        else
          y += fmt::format("          - {{ call: \"{}\", count: {} }}  # {:.3g} calls per invocation on average\n", target,
                           std::max<long>(1, std::lround(per)), per);
      }
    }
  }
  std::size_t total_roots = 0;
  for (const auto& [key, n] : roots) total_roots += n;
  const double span_s = last_ms > first_ms ? (last_ms - first_ms) / 1000.0 : 0.0;
  const double rate = span_s > 0 ? static_cast<double>(total_roots) / span_s : 100.0;
  if (span_s <= 0) result.notes.push_back("no usable timestamps: the arrival rate defaults to 100/s");
  else result.notes.push_back(fmt::format("arrival rate {:.4g}/s: {} traces over {:.4g} s of timestamps", rate, total_roots, span_s));
  y += fmt::format("workload:\n  - name: traced\n    rate: {:.6g}/s\n    mix:\n", rate);
  std::size_t type = 0;
  for (const auto& [key, n] : roots) y += fmt::format("      type-{}: {{ call: \"{}.{}\", weight: {} }}\n", type++, key.first, key.second, n);
  if (negative_rt) result.notes.push_back(fmt::format("{} row(s) with a negative rt: counted as calls, left out of the service times", negative_rt));
  if (!async_types.empty()) result.notes.push_back("rpctype mq (asynchronous messages) is modelled as an ordinary call: msim has no fire-and-forget calls yet");
  result.notes.push_back(fmt::format("{} services, {} endpoints, {} request types; replicas 1 and workers 16 are defaults", by_service.size(),
                                     endpoints.size(), roots.size()));

  const auto loaded = scenario::load_scenario_text(y, output_name.empty() ? "<imported scenario>" : output_name, ".");
  for (const auto& d : loaded.diagnostics) result.problems.push_back("the imported scenario: " + d.format());
  if (result.problems.empty()) result.yaml = y;
  return result;
}

AlibabaImportResult import_alibaba_file(const std::string& path, const std::string& output_name) {
  auto text = scenario::read_input_file(path, scenario::MAX_TRACE_BYTES);
  if (!text) return {{}, {}, {fmt::format("{}: cannot read the file: {}", path, text.error)}};
  return import_alibaba({path, std::move(*text.value)}, output_name);
}

namespace {
ImportOutcome run_alibaba(const ImportRequest& request) {
  auto r = import_alibaba_file(request.inputs.front(), request.output);
  return {std::move(r.yaml), std::move(r.notes), std::move(r.problems), {}};
}
}  // namespace

ImporterEntry alibaba_importer() {
  return {"alibaba", "From Alibaba cluster-trace-microservices call-graph rows (MSCallGraph CSV)", "CALLGRAPH",
          "CSV with traceid, rpcid, um, dm, rt (and timestamp, interface, rpctype)", false, {}, run_alibaba};
}

}  // namespace msim::importers
