#include "scenario/AutoscalerLoader.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "scaling/Autoscaler.hpp"

namespace msim::scenario {
namespace {

// Keys every strategy's block may hold; a strategy's own keys come from its registry entry.
// Every strategy's settings may sit in one block (msim compare switches between them).
const std::vector<std::string> SHARED_KEYS{"kind", "minReplicas", "maxReplicas", "metrics", "behavior", "syncPeriod", "tolerance",
                                           "metricsResolution", "cooldown", "schedule", "steps"};

/** The own parameters of every strategy, each key once (the first strategy to declare it). */
std::vector<const core::ParamSpec*> all_params() {
  std::vector<const core::ParamSpec*> out;
  for (const auto& s : scaling::strategies())
    for (const auto& p : s.params)
      if (std::none_of(out.begin(), out.end(), [&](const core::ParamSpec* q) { return q->key == p.key; })) out.push_back(&p);
  return out;
}

ScalingRules::Policy policy(bool percent, int value) {
  ScalingRules::Policy p;
  p.percent = percent;
  p.value = value;
  return p;
}

std::optional<ScalingMetric> read_metric(YamlReader& r, const YAML::Node& m, const std::string& path) {
  if (!r.is_map(m, path)) return std::nullopt;
  ScalingMetric metric;
  if (m["resource"]) {
    r.check_keys(m, path, {"resource", "averageUtilization"});
    r.choice(m["resource"], path + ".resource", {"cpu"});
    if (!m["averageUtilization"]) {
      r.error(m, path, "missing 'averageUtilization' (percent of the CPU request, e.g. 60)");
      return std::nullopt;
    }
    const auto u = r.integer(m["averageUtilization"], path + ".averageUtilization", 1, 10000);
    if (!u) return std::nullopt;
    metric.target = static_cast<double>(*u) / 100.0;
    return metric;
  }
  if (m["pods"]) {
    r.check_keys(m, path, {"pods", "averageValue"});
    const auto name = r.choice(m["pods"], path + ".pods", {"rps", "in_flight", "queue_length"});
    if (!name) return std::nullopt;
    metric.kind = *name == "rps" ? ScalingMetric::Kind::RPS : *name == "in_flight" ? ScalingMetric::Kind::IN_FLIGHT : ScalingMetric::Kind::QUEUE_LENGTH;
    if (!m["averageValue"]) {
      r.error(m, path, "missing 'averageValue': the target per instance (e.g. averageValue: 100)");
      return std::nullopt;
    }
    metric.target = r.number(m["averageValue"], path + ".averageValue").value_or(0);
    if (metric.target <= 0) r.error(m["averageValue"], path + ".averageValue", "must be > 0");
    return metric;
  }
  if (m["object"]) {
    r.check_keys(m, path, {"object", "percentile", "value"});
    r.choice(m["object"], path + ".object", {"latency"});
    metric.kind = ScalingMetric::Kind::LATENCY;
    if (const auto& p = m["percentile"]) {
      const auto q = r.number(p, path + ".percentile").value_or(99);
      if (q <= 0 || q >= 100) r.error(p, path + ".percentile", "must lie between 0 and 100 (e.g. 99)");
      metric.quantile = q / 100.0;
    }
    if (!m["value"]) {
      r.error(m, path, "missing 'value': the latency objective (e.g. value: 250ms)");
      return std::nullopt;
    }
    metric.target = r.duration(m["value"], path + ".value").value_or(0);
    if (metric.target <= 0) r.error(m["value"], path + ".value", "must be > 0");
    return metric;
  }
  r.error(m, path, "a metric is {resource: cpu, averageUtilization: 60}, {pods: rps|in_flight|queue_length, averageValue: N} or {object: latency, percentile: 99, value: 250ms}");
  return std::nullopt;
}

void read_rules(YamlReader& r, const YAML::Node& n, const std::string& path, ScalingRules& rules) {
  if (!r.is_map(n, path)) return;
  r.check_keys(n, path, {"stabilizationWindowSeconds", "selectPolicy", "policies"});
  if (const auto& v = n["stabilizationWindowSeconds"])
    rules.stabilization = SimTime::from_seconds(static_cast<double>(r.integer(v, path + ".stabilizationWindowSeconds", 0, 3600).value_or(0)));
  if (const auto& v = n["selectPolicy"]) {
    if (const auto c = r.choice(v, path + ".selectPolicy", {"Max", "Min", "Disabled"}))
      rules.select = *c == "Max" ? ScalingRules::Select::MAX : *c == "Min" ? ScalingRules::Select::MIN : ScalingRules::Select::DISABLED;
  }
  if (const auto& v = n["policies"]) {
    if (!v.IsSequence() || v.size() == 0) {
      r.error(v, path + ".policies", "expected a list of policies, e.g. [{type: Pods, value: 4, periodSeconds: 15}]");
      return;
    }
    rules.policies.clear();
    for (std::size_t i = 0; i < v.size(); ++i) {
      const auto& p = v[i];
      const std::string pp = fmt::format("{}.policies[{}]", path, i);
      if (!r.is_map(p, pp)) continue;
      r.check_keys(p, pp, {"type", "value", "periodSeconds"});
      ScalingRules::Policy policy;
      if (const auto& t = p["type"]) {
        if (const auto c = r.choice(t, pp + ".type", {"Pods", "Percent"})) policy.percent = *c == "Percent";
      } else {
        r.error(p, pp, "missing 'type': Pods or Percent");
      }
      if (const auto& x = p["value"]) policy.value = static_cast<int>(r.integer(x, pp + ".value", 1, 100000).value_or(1));
      else r.error(p, pp, "missing 'value' (> 0)");
      // autoscaling/v2: 0 < periodSeconds <= 1800.
      if (const auto& x = p["periodSeconds"]) policy.period = SimTime::from_seconds(static_cast<double>(r.integer(x, pp + ".periodSeconds", 1, 1800).value_or(15)));
      else r.error(p, pp, "missing 'periodSeconds' (1 to 1800)");
      rules.policies.push_back(policy);
    }
  }
}

}  // namespace

ScalingRules default_scale_up() {
  ScalingRules rules;
  rules.policies = {policy(false, 4), policy(true, 100)};
  return rules;
}

ScalingRules default_scale_down() {
  ScalingRules rules;
  rules.stabilization = SimTime::from_seconds(300);
  rules.policies = {policy(true, 100)};
  return rules;
}

AutoscalerSpec read_autoscaler(YamlReader& r, const YAML::Node& n, const std::string& path) {
  AutoscalerSpec a;
  a.where = r.where(n);
  a.scale_up = default_scale_up();
  a.scale_down = default_scale_down();
  if (!r.is_map(n, path)) return a;
  const auto names = scaling::strategy_names();
  if (const auto& k = n["kind"]) {
    if (const auto c = r.choice(k, path + ".kind", names)) a.kind = *c;
  } else {
    r.error(n, path, fmt::format("missing 'kind': one of {}", fmt::join(names, ", ")));
  }
  const std::size_t errors_before = r.error_count();
  std::vector<std::string> keys = SHARED_KEYS;
  const auto params = all_params();
  for (const auto* p : params) keys.push_back(p->key);
  r.check_keys(n, path, keys);
  for (const auto* p : params)
    if (const auto& v = n[p->key]) r.param(v, join_path(path, p->key), *p, a.params);
  if (const auto& s = n["steps"]) {
    if (!s.IsSequence() || s.size() == 0) r.error(s, path + ".steps", "expected a list such as [{above: 1.2, add: 2}, {below: 0.5, add: -1}]");
    else
      for (std::size_t i = 0; i < s.size(); ++i) {
        const std::string sp = fmt::format("{}.steps[{}]", path, i);
        if (!r.is_map(s[i], sp)) continue;
        r.check_keys(s[i], sp, {"above", "below", "add"});
        AutoscalerSpec::StepRule rule;
        rule.above = !s[i]["below"];
        const auto& bound = rule.above ? s[i]["above"] : s[i]["below"];
        if (!bound || (s[i]["above"] && s[i]["below"]) || !s[i]["add"]) {
          r.error(s[i], sp, "each step has 'above' or 'below' (metric / target) and 'add' (replicas, negative to remove)");
          continue;
        }
        rule.bound = r.number(bound, sp).value_or(1);
        rule.add = static_cast<int>(r.integer(s[i]["add"], sp + ".add", -100000, 100000).value_or(0));
        a.steps.push_back(rule);
      }
  }
  if (const auto& v = n["minReplicas"]) a.min_replicas = static_cast<int>(r.integer(v, path + ".minReplicas", 0, 100000).value_or(1));
  if (const auto& v = n["maxReplicas"]) a.max_replicas = static_cast<int>(r.integer(v, path + ".maxReplicas", 1, 100000).value_or(100));
  if (a.max_replicas < a.min_replicas) r.error(n, path, fmt::format("maxReplicas ({}) is below minReplicas ({})", a.max_replicas, a.min_replicas));
  if (const auto& v = n["metrics"]) {
    if (!v.IsSequence() || v.size() == 0) r.error(v, path + ".metrics", "expected a list of metrics, e.g. [{resource: cpu, averageUtilization: 60}]");
    else
      for (std::size_t i = 0; i < v.size(); ++i)
        if (auto m = read_metric(r, v[i], fmt::format("{}.metrics[{}]", path, i))) a.metrics.push_back(*m);
  }
  if (const auto& v = n["syncPeriod"]) {
    if (const auto d = r.duration(v, path + ".syncPeriod")) {
      if (*d <= 0) r.error(v, path + ".syncPeriod", "must be > 0");
      else a.sync_period = SimTime::from_seconds(*d);
    }
  }
  if (const auto& v = n["metricsResolution"]) {
    if (const auto d = r.duration(v, path + ".metricsResolution")) {
      if (*d <= 0) r.error(v, path + ".metricsResolution", "must be > 0");
      else a.metrics_resolution = SimTime::from_seconds(*d);
    }
  }
  if (const auto& v = n["tolerance"]) a.tolerance = r.fraction(v, path + ".tolerance").value_or(0.1);
  if (const auto& b = n["behavior"]; b && r.is_map(b, path + ".behavior")) {
    r.check_keys(b, path + ".behavior", {"scaleUp", "scaleDown"});
    if (const auto& u = b["scaleUp"]) read_rules(r, u, path + ".behavior.scaleUp", a.scale_up);
    if (const auto& d = b["scaleDown"]) read_rules(r, d, path + ".behavior.scaleDown", a.scale_down);
  }
  if (const auto& c = n["cooldown"]; c && r.is_map(c, path + ".cooldown")) {
    r.check_keys(c, path + ".cooldown", {"out", "in"});
    if (const auto& v = c["out"]) a.cooldown_out = SimTime::from_seconds(r.duration(v, path + ".cooldown.out").value_or(60));
    if (const auto& v = c["in"]) a.cooldown_in = SimTime::from_seconds(r.duration(v, path + ".cooldown.in").value_or(300));
  }
  if (const auto& s = n["schedule"]) {
    if (!s.IsSequence() || s.size() == 0) r.error(s, path + ".schedule", "expected a list of {at: 8h, replicas: 10}");
    else
      for (std::size_t i = 0; i < s.size(); ++i) {
        const auto& e = s[i];
        const std::string ep = fmt::format("{}.schedule[{}]", path, i);
        if (!r.is_map(e, ep)) continue;
        r.check_keys(e, ep, {"at", "replicas"});
        if (!e["at"] || !e["replicas"]) {
          r.error(e, ep, "each entry needs 'at' and 'replicas'");
          continue;
        }
        const auto at = r.duration(e["at"], ep + ".at");
        const auto replicas = r.integer(e["replicas"], ep + ".replicas", 0, 100000);
        if (at && replicas) {
          if (!a.schedule.empty() && SimTime::from_seconds(*at) <= a.schedule.back().first) r.error(e, ep, "entries must be in increasing 'at' order");
          a.schedule.emplace_back(SimTime::from_seconds(*at), static_cast<int>(*replicas));
        }
      }
  }
  // What the chosen strategy needs of the shared settings, once they are all read.
  const scaling::Strategy* strategy = scaling::find_strategy(a.kind);
  if (strategy->metrics == scaling::Strategy::Metrics::LATENCY_OBJECTIVE && !scaling::has_latency_objective(a.metrics))
    r.error(n, path, fmt::format("the {} strategy needs a latency objective: metrics: [{{object: latency, percentile: 99, value: 200ms}}]", a.kind));
  if (strategy->metrics == scaling::Strategy::Metrics::GIVEN_OR_CPU && a.metrics.empty() && !n["metrics"]) {
    ScalingMetric cpu;  // Kubernetes' default: 80 % CPU
    cpu.target = 0.8;
    a.metrics.push_back(cpu);
  }
  if (const std::string lacking = strategy->missing(a); !lacking.empty() && r.error_count() == errors_before)
    r.error(n, path, "missing " + lacking);
  return a;
}

}  // namespace msim::scenario
