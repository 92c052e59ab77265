#include "scenario/WorkloadLoader.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "scenario/ArrivalTrace.hpp"
#include "scenario/DistributionText.hpp"
#include "scenario/FunctionText.hpp"

namespace msim::scenario {
namespace {

void read_trace(YamlReader& r, const YAML::Node& n, const std::string& path, WorkloadSpec& w) {
  r.check_keys(n, path, {"trace"});
  const auto& t = n["trace"];
  if (!t) {
    r.error(n, path, "missing 'trace': the CSV file of arrivals (e.g. arrival: { trace: data/arrivals-example.csv })");
    return;
  }
  const auto file = r.text(t, path + ".trace");
  if (!file) return;
  const auto found = find_data_file(*file, r.base_dir());
  if (found.empty()) {
    r.error(t, path + ".trace", fmt::format("arrival trace '{}' not found (looked next to the scenario and in its parent folders)", *file));
    return;
  }
  auto trace = read_arrival_trace(found, *file);
  if (!trace) {
    r.error(t, path + ".trace", trace.error);
    return;
  }
  w.trace_file = *file;
  if (trace.value->per_second) {  // a step profile, Poisson within each second
    w.arrival = WorkloadSpec::Arrival::POISSON;
    w.rate.kind = RateProfile::Kind::STEPS;
    w.rate.steps = std::move(trace.value->steps);
  } else {
    w.arrival = WorkloadSpec::Arrival::TRACE;
    w.trace_times = std::move(trace.value->times);
  }
}

void read_rate(YamlReader& r, const YAML::Node& n, const std::string& path, RateProfile& profile) {
  if (n.IsSequence()) {
    profile.kind = RateProfile::Kind::STEPS;
    if (n.size() == 0) r.error(n, path, "an empty list of steps: give at least one {at: 0s, rate: 100/s}");
    for (std::size_t i = 0; i < n.size(); ++i) {
      const auto& s = n[i];
      const std::string sp = fmt::format("{}[{}]", path, i);
      if (!r.is_map(s, sp)) continue;
      r.check_keys(s, sp, {"at", "rate"});
      if (!s["at"] || !s["rate"]) {
        r.error(s, sp, "each step needs 'at' and 'rate' (e.g. {at: 10m, rate: 300/s})");
        continue;
      }
      const double at = r.duration(s["at"], sp + ".at").value_or(-1);
      const double rate = r.rate(s["rate"], sp + ".rate").value_or(-1);
      if (at < 0 || rate < 0) continue;  // reported
      if (!profile.steps.empty() && at <= profile.steps.back().first) r.error(s, sp, "steps must be in increasing 'at' order");
      profile.steps.emplace_back(at, rate);
    }
    if (!profile.steps.empty() && profile.max_rate() <= 0) r.error(n, path, "every step's rate is 0: no request would arrive");
    return;
  }
  const auto text = r.text(n, path);
  if (!text) return;
  if (text->find('(') == std::string::npos) {
    auto rate = parse_rate(*text);
    if (!rate) r.error(n, path, rate.error + "; or a profile: ramp(...), diurnal(...), spike(...), or a list of {at, rate} steps");
    else if (*rate.value <= 0) r.error(n, path, fmt::format("'{}': the rate must be > 0", *text));
    else profile.rate = *rate.value;
    return;
  }
  auto f = parse_function_text(*text);
  if (!f) {
    r.error(n, path, f.error);
    return;
  }
  struct Shape {
    RateProfile::Kind kind;
    std::vector<std::string> rates, times;
  };
  static const std::map<std::string, Shape> shapes{
      {"ramp", {RateProfile::Kind::RAMP, {"from", "to"}, {"start", "end"}}},
      {"diurnal", {RateProfile::Kind::DIURNAL, {"min", "max"}, {"peak", "period"}}},
      {"spike", {RateProfile::Kind::SPIKE, {"base", "peak"}, {"at", "length"}}}};
  const auto shape = shapes.find(f.value->name);
  if (shape == shapes.end()) {
    const std::vector<std::string> names{"ramp", "diurnal", "spike"};
    r.error(n, path, fmt::format("unknown rate profile '{}'{}", f.value->name, suggest(f.value->name, names)));
    return;
  }
  const Shape& s = shape->second;
  profile.kind = s.kind;
  std::vector<std::string> allowed = s.rates;
  allowed.insert(allowed.end(), s.times.begin(), s.times.end());
  for (const auto& [k, v] : f.value->named)
    if (std::find(allowed.begin(), allowed.end(), k) == allowed.end())
      r.error(n, path, fmt::format("{}(): unknown argument '{}'{}", f.value->name, k, suggest(k, allowed)));
  if (!f.value->positional.empty()) r.error(n, path, fmt::format("{}(): name every argument ({})", f.value->name, fmt::join(allowed, ", ")));
  auto get = [&](const std::string& key, bool is_rate, double fallback) -> double {
    const auto it = f.value->named.find(key);
    if (it == f.value->named.end()) {
      if (!std::isnan(fallback)) return fallback;
      r.error(n, path, fmt::format("{}() needs '{}'", f.value->name, key));
      return 0;
    }
    auto v = is_rate ? parse_rate(it->second) : parse_duration(it->second);
    if (!v) r.error(n, path, fmt::format("{}(): {}: {}", f.value->name, key, v.error));
    return v.value.value_or(0);
  };
  const bool diurnal = s.kind == RateProfile::Kind::DIURNAL;
  profile.rate = get(s.rates[0], true, NAN);
  profile.rate2 = get(s.rates[1], true, NAN);
  profile.t0 = get(s.times[0], false, diurnal ? 0.0 : NAN);
  profile.t1 = get(s.times[1], false, diurnal ? 86400.0 : NAN);
  if (profile.max_rate() <= 0) r.error(n, path, "the rate is never above 0: no request would arrive");
  if (s.kind == RateProfile::Kind::RAMP && profile.t1 <= profile.t0) r.error(n, path, "ramp(): 'end' must be after 'start'");
  if ((diurnal || s.kind == RateProfile::Kind::SPIKE) && profile.t1 <= 0) r.error(n, path, fmt::format("{}(): '{}' must be > 0", f.value->name, s.times[1]));
}


}  // namespace

void read_workload(YamlReader& r, const YAML::Node& n, const std::string& fallback_path, ScenarioSpec& spec) {
  WorkloadSpec w;
  w.where = r.where(n);
  if (!r.is_map(n, fallback_path)) return;
  r.check_keys(n, fallback_path, {"name", "arrival", "rate", "users", "think", "call", "mix"});
  if (const auto& v = n["name"]) w.name = r.text(v, fallback_path + ".name").value_or("");
  if (w.name.empty()) w.name = fmt::format("workload{}", spec.workloads.size());
  // Each duplicate is reported once, against the first use of its name.
  const auto first = std::find_if(spec.workloads.begin(), spec.workloads.end(), [&](const WorkloadSpec& other) { return other.name == w.name; });
  if (first != spec.workloads.end())
    r.error(n, fallback_path, fmt::format("workload name '{}' is already used at line {}; give each workload its own name", w.name, first->where.line));
  const std::string path = fmt::format("workload.{}", w.name);
  const auto& rate = n["rate"];
  const auto& users = n["users"];
  const auto& arrival = n["arrival"];
  const bool trace = arrival && arrival.IsMap();  // arrival: { trace: FILE }
  if (rate && users) r.error(users, path, "give either 'rate' (open loop) or 'users' (closed loop), not both");
  else if (!rate && !users && !trace)
    r.error(n, path, "missing 'rate' (open loop, e.g. rate: 100/s) or 'users' (closed loop, e.g. users: 50)");
  if (trace) {
    w.kind = WorkloadSpec::Kind::OPEN;
    if (rate) r.error(rate, path + ".rate", "the arrival trace gives the arrivals: leave out 'rate'");
    else if (users) r.error(users, path + ".users", "an arrival trace is an open-loop workload: leave out 'users'");
    else read_trace(r, arrival, path + ".arrival", w);
    if (const auto& t = n["think"]) r.error(t, path + ".think", "think time applies to closed-loop workloads (users), not to an arrival trace");
  } else if (rate) {
    w.kind = WorkloadSpec::Kind::OPEN;
    read_rate(r, rate, path + ".rate", w.rate);
    if (const auto& a = arrival)
      if (const auto c = r.choice(a, path + ".arrival", {"poisson", "constant"}))
        w.arrival = *c == "poisson" ? WorkloadSpec::Arrival::POISSON : WorkloadSpec::Arrival::CONSTANT;
    if (const auto& t = n["think"]) r.error(t, path + ".think", "think time applies to closed-loop workloads (users), not to 'rate'");
  }
  if (users) {
    w.kind = WorkloadSpec::Kind::CLOSED;
    w.users = static_cast<int>(r.integer(users, path + ".users", 1, 1000000).value_or(1));
    if (const auto& t = n["think"]) w.think = r.distribution(t, path + ".think", ValueKind::DURATION).value_or(w.think);
    if (const auto& a = n["arrival"]) r.error(a, path + ".arrival", "arrival applies to open-loop workloads (rate), not to 'users'");
  }
  const auto& call = n["call"];
  const auto& mix = n["mix"];
  if (call && mix) r.error(mix, path, "give either 'call' (one request type) or 'mix' (several), not both");
  else if (!call && !mix) r.error(n, path, "missing 'call' (e.g. call: frontend.get) or 'mix' (request types with weights)");
  if (call) {
    if (const auto t = r.text(call, path + ".call")) w.mix.push_back({w.name, *t, "", "", 1.0, r.where(call)});
  }
  if (mix && r.is_map(mix, path + ".mix")) {
    double total = 0;
    for (auto it = mix.begin(); it != mix.end(); ++it) {
      RequestTypeSpec t;
      t.name = it->first.Scalar();
      t.where = r.where(it->first);
      const std::string type_path = join_path(path + ".mix", t.name);
      const YAML::Node v = it->second;  // a copy: it-> returns a temporary proxy
      if (v.IsMap()) {
        r.check_keys(v, type_path, {"call", "weight"});
        if (const auto& c = v["call"]) t.target = r.text(c, type_path + ".call").value_or("");
        else r.error(v, type_path, "missing 'call': which service.endpoint this request type enters at");
        if (const auto& wt = v["weight"]) t.weight = r.number(wt, type_path + ".weight").value_or(1);
      } else {
        t.target = t.name;  // shorthand: "frontend.get": 0.7
        t.weight = r.number(v, type_path).value_or(1);
      }
      if (t.weight < 0) r.error(v, type_path, "a weight cannot be negative");
      total += t.weight;
      w.mix.push_back(std::move(t));
    }
    if (!w.mix.empty() && total <= 0) r.error(mix, path + ".mix", "the weights add up to 0");
  }
  spec.workloads.push_back(std::move(w));
}

// arrival: { trace: FILE }: request times (time_s) or per-second rates (second,rate) from a CSV file.

}  // namespace msim::scenario
