#include "experiment/Aggregate.hpp"

#include <algorithm>
#include <stdexcept>

namespace msim::experiment {
namespace {

using json = nlohmann::ordered_json;

// Fills `mean` and `ci` for the subtree at `pointer` of every summary; returns false when the
// subtree holds no number (ci then stays empty). Keys may differ between replications (a fault
// kind that happened in one only): the union is kept, and a missing number counts as 0.
bool aggregate_node(const std::vector<json>& reps, const json::json_pointer& pointer, json& mean, json& ci) {
  const json* first = nullptr;
  for (const auto& r : reps)
    if (r.contains(pointer)) {
      first = &r.at(pointer);
      break;
    }
  if (!first) return false;
  if (first->is_number()) {
    std::vector<double> values;
    values.reserve(reps.size());
    for (const auto& r : reps) values.push_back(r.contains(pointer) && r.at(pointer).is_number() ? r.at(pointer).get<double>() : 0.0);
    const Estimate e = estimate(values, 0.95);
    ci = e.half_width;
    // A whole number that is the same in every replication (a version, a count of nodes) stays
    // a whole number, so that typed readers see the same types as in a single run's summary.
    const bool constant = std::all_of(values.begin(), values.end(), [&](double v) { return v == values.front(); });
    if (first->is_number_integer() && constant) mean = *first;
    else mean = e.mean;
    return true;
  }
  if (first->is_object()) {
    std::vector<std::string> keys;
    for (const auto& r : reps) {
      if (!r.contains(pointer) || !r.at(pointer).is_object()) continue;
      for (const auto& [key, value] : r.at(pointer).items())
        if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
    }
    mean = json::object();
    ci = json::object();
    bool any = false;
    for (const auto& key : keys) {
      json m, c;
      if (aggregate_node(reps, pointer / key, m, c)) {
        ci[key] = c;
        any = true;
      }
      mean[key] = m;
    }
    return any;
  }
  mean = *first;  // strings, booleans, lists: the same in every replication
  return false;
}

}  // namespace

json aggregate_summaries(const std::vector<json>& summaries) {
  if (summaries.empty()) throw std::invalid_argument("aggregate_summaries: no summaries");
  json mean, ci;
  aggregate_node(summaries, json::json_pointer(), mean, ci);
  json out;
  for (const auto& [key, value] : mean.items()) {
    if (key == "replication" || key == "trajectory_fingerprint") continue;  // each replication's own, in rep-k/
    out[key] = value;
    if (key == "seed") out["replications"] = summaries.size();
  }
  for (const char* provenance : {"schema_version", "seed"}) ci.erase(provenance);
  ci.erase("replication");
  out["ci95"] = ci;
  return out;
}

std::vector<double> values_at(const std::vector<json>& summaries, const std::string& dotted_path) {
  json::json_pointer p;
  std::size_t start = 0;
  while (true) {
    const auto dot = dotted_path.find('.', start);
    p /= dotted_path.substr(start, dot - start);  // escapes '/' in names such as "GET /home"
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  std::vector<double> values;
  for (const auto& s : summaries) {
    if (!s.contains(p) || !s.at(p).is_number()) throw std::invalid_argument("no number at '" + dotted_path + "' in summary.json");
    values.push_back(s.at(p).get<double>());
  }
  return values;
}

}  // namespace msim::experiment
