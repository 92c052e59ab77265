#include "scenario/RolloutLoader.hpp"

#include <charconv>

#include <fmt/format.h>

namespace msim::scenario {

std::optional<IntOrPercent> read_int_or_percent(YamlReader& r, const YAML::Node& node, const std::string& path) {
  const auto text = r.text(node, path);
  if (!text) return std::nullopt;
  IntOrPercent v;
  std::string digits = *text;
  if (!digits.empty() && digits.back() == '%') {
    v.percent = true;
    digits.pop_back();
  }
  long long n = -1;
  const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc{} || ptr != digits.data() + digits.size() || n < 0 || (v.percent && n > 100)) {
    r.error(node, path, fmt::format("'{}' is not a pod count or a percentage (e.g. 1 or 25%)", *text));
    return std::nullopt;
  }
  v.value = static_cast<double>(n);
  return v;
}

RolloutSpec read_rollout(YamlReader& r, const YAML::Node& node, const std::string& path) {
  RolloutSpec spec;
  spec.where = r.where(node);
  if (!r.is_map(node, path)) return spec;
  r.check_keys(node, path, {"at", "strategy", "maxSurge", "maxUnavailable", "newVersion", "steps", "rollback"});
  if (const auto& n = node["at"]) {
    if (const auto d = r.duration(n, path + ".at")) spec.at = SimTime::from_seconds(*d);
  } else {
    r.error(node, path, "missing 'at': when the new version is deployed (e.g. at: 5m)");
  }
  if (const auto& n = node["strategy"]) {
    const auto s = r.choice(n, path + ".strategy", {"rolling", "blue_green", "canary"});
    if (s) spec.strategy = *s == "rolling" ? RolloutSpec::Strategy::ROLLING : *s == "canary" ? RolloutSpec::Strategy::CANARY : RolloutSpec::Strategy::BLUE_GREEN;
  }
  if (const auto& n = node["maxSurge"]) spec.max_surge = read_int_or_percent(r, n, path + ".maxSurge").value_or(spec.max_surge);
  if (const auto& n = node["maxUnavailable"]) spec.max_unavailable = read_int_or_percent(r, n, path + ".maxUnavailable").value_or(spec.max_unavailable);
  if (spec.max_surge.value == 0 && spec.max_unavailable.value == 0)
    r.error(node, path, "maxSurge and maxUnavailable cannot both be 0 (the rollout could never progress; Kubernetes refuses it too)");
  if (spec.strategy == RolloutSpec::Strategy::BLUE_GREEN && (node["maxSurge"] || node["maxUnavailable"]))
    r.error(node, path, "blue_green starts every new instance at once and switches traffic when all are ready: maxSurge and maxUnavailable do not apply");
  if (const auto& v = node["newVersion"]; v && r.is_map(v, path + ".newVersion")) {
    r.check_keys(v, path + ".newVersion", {"workFactor", "errors"});
    if (const auto& n = v["workFactor"]) {
      const auto f = r.number(n, path + ".newVersion.workFactor");
      if (f && *f <= 0) r.error(n, path + ".newVersion.workFactor", "must be > 0 (1.5: the new version needs 50 % more CPU time per call)");
      else if (f) spec.work_factor = *f;
    }
    if (const auto& n = v["errors"]) spec.error_rate = r.fraction(n, path + ".newVersion.errors").value_or(0);
  }
  if (const auto& n = node["steps"]) {
    if (spec.strategy != RolloutSpec::Strategy::CANARY) r.error(n, path + ".steps", "steps are for strategy: canary");
    if (!n.IsSequence() || n.size() == 0) {
      r.error(n, path + ".steps", "expected a list like [ { weight: 10%, pause: 2m }, { weight: 50%, pause: 2m } ]");
    } else {
      double last = 0;
      for (std::size_t k = 0; k < n.size(); ++k) {
        const std::string p = fmt::format("{}.steps.{}", path, k);
        const auto& step = n[k];
        if (!r.is_map(step, p)) continue;
        r.check_keys(step, p, {"weight", "pause"});
        RolloutSpec::CanaryStep s;
        if (step["weight"]) s.weight = r.fraction(step["weight"], p + ".weight").value_or(0);
        else r.error(step, p, "missing 'weight' (share of the replicas on the new version, e.g. 10%)");
        if (step["pause"]) s.pause = SimTime::from_seconds(r.duration(step["pause"], p + ".pause").value_or(0));
        if (s.weight <= last || s.weight > 1) r.error(step, p + ".weight", "weights must grow from step to step, above 0 % and up to 100 %");
        last = s.weight;
        spec.steps.push_back(s);
      }
    }
  } else if (spec.strategy == RolloutSpec::Strategy::CANARY) {
    r.error(node, path, "a canary needs steps, e.g. steps: [ { weight: 10%, pause: 2m }, { weight: 50%, pause: 2m } ]");
  }
  if (const auto& b = node["rollback"]; b && r.is_map(b, path + ".rollback")) {
    r.check_keys(b, path + ".rollback", {"slo", "errors"});
    if (const auto& n = b["slo"]) {
      const auto t = r.choice(n, path + ".rollback.slo", {"true", "false"});
      spec.rollback_on_slo = t && *t == "true";
    }
    if (const auto& n = b["errors"]) spec.rollback_error_rate = r.fraction(n, path + ".rollback.errors");
  }
  return spec;
}

DisruptionBudgetSpec read_disruption_budget(YamlReader& r, const YAML::Node& node, const std::string& path) {
  DisruptionBudgetSpec spec;
  if (!r.is_map(node, path)) return spec;
  r.check_keys(node, path, {"minAvailable", "maxUnavailable"});
  if (node["minAvailable"] && node["maxUnavailable"])
    r.error(node, path, "give minAvailable or maxUnavailable, not both (as in a Kubernetes PodDisruptionBudget)");
  if (const auto& n = node["minAvailable"]) spec.min_available = read_int_or_percent(r, n, path + ".minAvailable");
  if (const auto& n = node["maxUnavailable"]) spec.max_unavailable = read_int_or_percent(r, n, path + ".maxUnavailable");
  if (!node["minAvailable"] && !node["maxUnavailable"]) r.error(node, path, "needs minAvailable or maxUnavailable (e.g. minAvailable: 2)");
  return spec;
}

}  // namespace msim::scenario
