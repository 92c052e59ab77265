#include "experiment/Compare.hpp"

#include <charconv>
#include <stdexcept>

#include <fmt/format.h>

#include "experiment/Aggregate.hpp"
#include "experiment/Replications.hpp"
#include "experiment/Statistics.hpp"
#include "metrics/OutputFile.hpp"

namespace msim::experiment {
namespace {

using json = nlohmann::ordered_json;
using scenario::AutoscalerSpec;

struct Metric {
  const char* key;  // in the table and the CSV
  const char* label;  // for people
  std::function<double(const json& summary, const std::vector<std::string>& services)> value;
};

double at(const json& s, const std::string& dotted) {
  json::json_pointer p;
  std::size_t start = 0;
  while (true) {
    const auto dot = dotted.find('.', start);
    p /= dotted.substr(start, dot - start);
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return s.contains(p) && s.at(p).is_number() ? s.at(p).get<double>() : 0.0;
}

std::vector<Metric> metrics_of(const scenario::ScenarioSpec& spec) {
  std::vector<Metric> m;
  if (spec.slo_latency) {
    m.push_back({"slo_attainment", "SLO attainment (requests)", [](const json& s, const auto&) { return at(s, "requests.all.slo.attainment"); }});
    m.push_back({"slo_intervals_met", "SLO met (intervals)", [](const json& s, const auto&) { return at(s, "requests.all.slo.intervals_met"); }});
  }
  m.push_back({"p50_ms", "p50 (ms)", [](const json& s, const auto&) { return at(s, "requests.all.latency_ms.p50"); }});
  m.push_back({"p99_ms", "p99 (ms)", [](const json& s, const auto&) { return at(s, "requests.all.latency_ms.p99"); }});
  m.push_back({"error_rate", "errors", [](const json& s, const auto&) {
                 const double failed = at(s, "requests.all.failed"), completed = at(s, "requests.all.completed");
                 return failed + completed > 0 ? failed / (failed + completed) : 0.0;
               }});
  m.push_back({"cost_dollars", "cost ($)", [](const json& s, const auto&) { return at(s, "cost.dollars"); }});
  m.push_back({"replicas_mean", "replicas (mean)", [](const json& s, const std::vector<std::string>& services) {
                 double total = 0;
                 for (const auto& name : services) total += at(s, "services." + name + ".replicas.mean");
                 return total;
               }});
  m.push_back({"scaling_actions", "scaling actions", [](const json& s, const std::vector<std::string>& services) {
                 double total = 0;
                 for (const auto& name : services) total += at(s, "services." + name + ".scaling_actions");
                 return total;
               }});
  return m;
}

std::string folder_name(const std::string& strategy) {
  std::string out;
  for (const char c : strategy) out += std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' ? c : '-';
  return out;
}

}  // namespace

scenario::ScenarioSpec with_strategy(const scenario::ScenarioSpec& spec, const std::string& strategy, const std::vector<std::string>& services) {
  scenario::ScenarioSpec out = spec;
  const auto colon = strategy.find(':');
  const std::string kind = strategy.substr(0, colon);
  std::optional<int> fixed;
  if (colon != std::string::npos) {
    int n = 0;
    const std::string arg = strategy.substr(colon + 1);
    const auto [ptr, ec] = std::from_chars(arg.data(), arg.data() + arg.size(), n);
    if (kind != "static" || ec != std::errc{} || ptr != arg.data() + arg.size() || n < 0)
      throw std::invalid_argument(fmt::format("strategy '{}': only static takes a number (static:12)", strategy));
    fixed = n;
  }
  static const std::vector<std::string> kinds{"static", "hpa", "target_tracking", "scheduled", "step", "slo", "predictive"};
  if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end())
    throw std::invalid_argument(fmt::format("unknown strategy '{}' (valid: {}, static:N)", strategy, fmt::join(kinds, ", ")));
  for (const auto& name : services) {
    auto it = std::find_if(out.services.begin(), out.services.end(), [&](const auto& s) { return s.name == name; });
    if (it == out.services.end()) throw std::invalid_argument(fmt::format("no service '{}' in the scenario", name));
    AutoscalerSpec a = it->autoscaler.value_or(AutoscalerSpec{});
    if (kind == "static") {
      a.kind = AutoscalerSpec::Kind::STATIC;
      if (fixed) it->replicas = *fixed;
    } else {
      if (!it->autoscaler) throw std::invalid_argument(fmt::format("strategy '{}' needs an autoscaler block on service '{}' for its settings", kind, name));
      a.kind = kind == "hpa" ? AutoscalerSpec::Kind::HPA : kind == "target_tracking" ? AutoscalerSpec::Kind::TARGET_TRACKING
             : kind == "scheduled" ? AutoscalerSpec::Kind::SCHEDULED : kind == "step" ? AutoscalerSpec::Kind::STEP
             : kind == "slo" ? AutoscalerSpec::Kind::SLO : AutoscalerSpec::Kind::PREDICTIVE;
      if (a.kind == AutoscalerSpec::Kind::STEP && a.steps.empty())
        throw std::invalid_argument(fmt::format("strategy 'step' needs steps in the autoscaler block of '{}'", name));
      if (a.kind == AutoscalerSpec::Kind::SLO &&
          std::none_of(a.metrics.begin(), a.metrics.end(), [](const auto& m) { return m.kind == scenario::ScalingMetric::Kind::LATENCY; })) {
        if (!spec.slo_latency) throw std::invalid_argument(fmt::format("strategy 'slo' needs a latency objective (slo: or a latency metric) for '{}'", name));
        scenario::ScalingMetric latency;
        latency.kind = scenario::ScalingMetric::Kind::LATENCY;
        latency.target = spec.slo_latency->seconds();
        latency.quantile = spec.slo_quantile;
        a.metrics.push_back(latency);
      }
      if (a.kind == AutoscalerSpec::Kind::SCHEDULED && a.schedule.empty())
        throw std::invalid_argument(fmt::format("strategy 'scheduled' needs a schedule in the autoscaler block of '{}'", name));
      if (a.metrics.empty() && a.kind != AutoscalerSpec::Kind::SCHEDULED) {
        scenario::ScalingMetric cpu;
        cpu.target = 0.8;
        a.metrics.push_back(cpu);
      }
      it->replicas = std::clamp(it->replicas, a.min_replicas, a.max_replicas);
    }
    it->autoscaler = a;
  }
  return out;
}

CompareResult compare_strategies(const scenario::ScenarioSpec& spec, const CompareOptions& options) {
  CompareResult result;
  std::vector<std::string> services = options.services;
  if (services.empty())
    for (const auto& s : spec.services)
      if (s.autoscaler) services.push_back(s.name);
  if (services.empty()) throw std::invalid_argument("no service has an autoscaler block: name the services to scale with --service");
  if (options.strategies.empty()) throw std::invalid_argument("give at least one strategy");
  const auto metrics = metrics_of(spec);
  // values[strategy][metric][replication]
  std::vector<std::vector<std::vector<double>>> values;
  for (std::size_t k = 0; k < options.strategies.size(); ++k) {
    const auto& strategy = options.strategies[k];
    ReplicationPlan plan;
    plan.replications = options.replications;
    plan.jobs = options.jobs;
    plan.cancel = options.cancel;
    if (!options.out_dir.empty()) plan.out_dir = options.out_dir / folder_name(strategy);
    const auto outcome = run_replications(with_strategy(spec, strategy, services), plan);
    if (outcome.cancelled) {
      result.cancelled = true;
      return result;
    }
    std::vector<std::vector<double>> per_metric;
    for (const auto& m : metrics) {
      std::vector<double> v;
      for (const auto& s : outcome.replications) v.push_back(m.value(s, services));
      per_metric.push_back(std::move(v));
    }
    values.push_back(std::move(per_metric));
    if (options.on_strategy_done) options.on_strategy_done(strategy, k + 1, options.strategies.size());
  }
  // Tables: mean +/- 95 % CI per strategy, and the paired difference to the first strategy
  // (same replication = same traffic, so the pairs cancel most of the noise).
  const std::string baseline = options.strategies.front();
  result.csv = "strategy,metric,mean,ci95,diff_vs_baseline,diff_ci95\n";
  std::string header = fmt::format("{:<18}", "strategy");
  std::string md_header = "| strategy |", md_rule = "|---|";
  for (const auto& m : metrics) {
    header += fmt::format(" {:>24}", m.label);
    md_header += fmt::format(" {} |", m.label);
    md_rule += "---|";
  }
  result.text = fmt::format("{} replications per strategy, common random numbers; mean ± 95 % CI, and [paired difference to {}]\n\n{}\n",
                            options.replications, baseline, header);
  result.markdown = fmt::format("{}\n{}\n", md_header, md_rule);
  for (std::size_t k = 0; k < options.strategies.size(); ++k) {
    json row;
    std::string line = fmt::format("{:<18}", options.strategies[k]);
    std::string md = fmt::format("| {} |", options.strategies[k]);
    std::string diffs = fmt::format("{:<18}", "");
    for (std::size_t i = 0; i < metrics.size(); ++i) {
      const auto e = estimate(values[k][i], 0.95);
      std::vector<double> d;
      for (std::size_t r = 0; r < values[k][i].size(); ++r) d.push_back(values[k][i][r] - values[0][i][r]);
      const auto diff = estimate(d, 0.95);
      row[metrics[i].key] = {{"mean", e.mean}, {"ci95", e.half_width}, {"diff_vs_baseline", diff.mean}, {"diff_ci95", diff.half_width}};
      result.csv += fmt::format("{},{},{},{},{},{}\n", metrics::csv_field(options.strategies[k]), metrics[i].key, e.mean, e.half_width, diff.mean,
                                diff.half_width);
      line += fmt::format(" {:>24}", fmt::format("{:.4g} ± {:.2g}", e.mean, e.half_width));
      diffs += fmt::format(" {:>24}", k == 0 ? std::string() : fmt::format("[{:+.3g} ± {:.2g}]", diff.mean, diff.half_width));
      md += k == 0 ? fmt::format(" {:.4g} ± {:.2g} |", e.mean, e.half_width)
                   : fmt::format(" {:.4g} ± {:.2g} ({:+.3g} ± {:.2g}) |", e.mean, e.half_width, diff.mean, diff.half_width);
    }
    result.table[options.strategies[k]] = row;
    result.text += line + "\n";
    if (k > 0) result.text += diffs + "\n";
    result.markdown += md + "\n";
  }
  if (!options.out_dir.empty()) {
    std::filesystem::create_directories(options.out_dir);
    metrics::write_file_atomically(options.out_dir / "compare.csv", result.csv);
    metrics::write_file_atomically(options.out_dir / "compare.md",
                                   fmt::format("# {}: {}\n\n{} replications per strategy on identical traffic (common random numbers). "
                                               "Each cell: mean ± 95 % CI; in parentheses the paired difference to {} ± its 95 % CI.\n\n{}",
                                               spec.name, fmt::join(options.strategies, " vs "), options.replications, baseline, result.markdown));
    metrics::write_file_atomically(options.out_dir / "compare.json", result.table.dump(2) + "\n");
  }
  return result;
}

}  // namespace msim::experiment
