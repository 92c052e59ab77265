#include "experiment/Compare.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>

#include "experiment/Aggregate.hpp"
#include "experiment/CompareDecision.hpp"
#include "experiment/LoadWindows.hpp"
#include "experiment/Replications.hpp"
#include "experiment/Statistics.hpp"
#include "metrics/OutputFile.hpp"
#include "scaling/Autoscaler.hpp"
#include "scenario/Diagnostics.hpp"

namespace msim::experiment {
namespace {

using json = nlohmann::ordered_json;
using scenario::AutoscalerSpec;

struct Metric {
  const char* key;  // in compare.json and compare.csv (empty: see name)
  const char* label;  // for people
  std::function<double(const json& summary, const std::vector<std::string>& services)> value;
  std::string name = {};  // the key when it is built at run time ("window 10m-20m p99_ms")
  std::string id() const { return name.empty() ? key : name; }
};

// The summary's key of a window: "600s-1200s" (model/SimulationReport.cpp).
std::string window_key(const TimeWindow& w) { return fmt::format("{:g}s-{:g}s", w.from.seconds(), w.to.seconds()); }

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

// The value at keys under the summary (names may hold dots: no dotted path here); 0 when absent.
double under(const json& s, std::initializer_list<const char*> keys, const std::string& window = {}) {
  const json* node = &s;
  if (!window.empty()) {
    const auto w = s.find("windows");
    if (w == s.end() || !w->contains(window)) return 0.0;
    node = &(*w)[window];
  }
  for (const char* k : keys) {
    const auto it = node->find(k);
    if (it == node->end()) return 0.0;
    node = &*it;
  }
  return node->is_number() ? node->get<double>() : 0.0;
}

// Every metric of the comparison (all go to compare.csv and compare.json; the table shows a few).
std::vector<Metric> metrics_of(const scenario::ScenarioSpec& spec, const std::vector<TimeWindow>& windows) {
  std::vector<Metric> m;
  if (spec.slo_latency) {
    m.push_back({"slo_attainment", "SLO attainment (requests)", [](const json& s, const auto&) { return at(s, "requests.all.slo.attainment"); }});
    m.push_back({"slo_intervals_met", "SLO met (intervals)", [](const json& s, const auto&) { return at(s, "requests.all.slo.intervals_met"); }});
  }
  m.push_back({"p50_ms", "p50 (ms)", [](const json& s, const auto&) { return at(s, "requests.all.latency_ms.p50"); }});
  m.push_back({"p99_ms", "p99 (ms)", [](const json& s, const auto&) { return at(s, "requests.all.latency_ms.p99"); }});
  m.push_back({"p99_all_ms", "p99 of all requests (ms)", [](const json& s, const auto&) { return at(s, "requests.all.latency_all_ms.p99"); }});
  // The key stays "error_rate" (msim-gui and earlier compare.json files read it): the failed share of requests.
  m.push_back({"error_rate", "failed (share)", [](const json& s, const auto&) { return at(s, "requests.all.failed_ratio"); }});
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
  for (const auto& w : windows) {
    const std::string key = window_key(w);
    m.push_back({"", "", [key](const json& s, const auto&) { return under(s, {"requests", "latency_ms", "p99"}, key); }, "window " + w.label + " p99_ms"});
    m.push_back({"", "", [key](const json& s, const auto&) { return under(s, {"requests", "failed_ratio"}, key); }, "window " + w.label + " error_rate"});
    if (spec.slo_latency)
      m.push_back({"", "", [key](const json& s, const auto&) { return under(s, {"requests", "slo", "attainment"}, key); },
                   "window " + w.label + " slo_attainment"});
  }
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
  const scaling::Strategy* chosen = scaling::find_strategy(kind);
  if (!chosen)
    throw std::invalid_argument(fmt::format("unknown strategy '{}'{}", strategy, scenario::suggest(kind, scaling::strategy_names()) + " (or static:N)"));
  for (const auto& name : services) {
    auto it = std::find_if(out.services.begin(), out.services.end(), [&](const auto& s) { return s.name == name; });
    if (it == out.services.end()) throw std::invalid_argument(fmt::format("no service '{}' in the scenario", name));
    AutoscalerSpec a = it->autoscaler.value_or(AutoscalerSpec{});
    if (kind == "static") {
      a.kind = "static";
      if (fixed) it->replicas = *fixed;
    } else {
      if (!it->autoscaler) throw std::invalid_argument(fmt::format("strategy '{}' needs an autoscaler block on service '{}' for its settings", kind, name));
      a.kind = chosen->name;
      using Metrics = scaling::Strategy::Metrics;
      if (chosen->metrics == Metrics::LATENCY_OBJECTIVE && !scaling::has_latency_objective(a.metrics)) {
        if (!spec.slo_latency)
          throw std::invalid_argument(fmt::format("strategy '{}' needs a latency objective (slo: or a latency metric) for '{}'", kind, name));
        scenario::ScalingMetric latency;
        latency.kind = scenario::ScalingMetric::Kind::LATENCY;
        latency.target = spec.slo_latency->seconds();
        latency.quantile = spec.slo_quantile;
        a.metrics.push_back(latency);
      }
      if (chosen->metrics == Metrics::GIVEN_OR_CPU && a.metrics.empty()) {
        scenario::ScalingMetric cpu;  // Kubernetes' default: 80 % CPU
        cpu.target = 0.8;
        a.metrics.push_back(cpu);
      }
      if (const std::string lacking = chosen->missing(a); !lacking.empty())
        throw std::invalid_argument(fmt::format("strategy '{}' needs {} in the autoscaler block of '{}'", kind, lacking, name));
      it->replicas = std::clamp(it->replicas, a.min_replicas, a.max_replicas);
    }
    it->autoscaler = a;
  }
  return out;
}

namespace {

// "94.3 ± 0.8": the mean rounded to the first significant digit of its 95 % half-width.
std::string rounded(double mean, double half_width, double scale = 1) {
  mean *= scale;
  half_width *= scale;
  if (!(half_width > 0)) return fmt::format("{:.4g}", mean);
  const int decimals = std::max(0, -static_cast<int>(std::floor(std::log10(half_width))));
  return fmt::format("{:.{}f} ± {:.{}f}", mean, decimals, half_width, decimals);
}

}  // namespace

CompareResult compare_strategies(const scenario::ScenarioSpec& spec, const CompareOptions& options) {
  CompareResult result;
  std::vector<std::string> services = options.services;
  if (services.empty())
    for (const auto& s : spec.services)
      if (s.autoscaler) services.push_back(s.name);
  if (services.empty())
    throw std::invalid_argument("no service has an autoscaler block, so there is nothing to scale: add one (docs/scaling.md) or name the "
                                "services to scale (--service NAME on the command line)");
  if (options.strategies.empty()) throw std::invalid_argument("give at least one strategy");
  // Every strategy is checked before any runs: a typo in the last one must not cost the others' time.
  std::vector<scenario::ScenarioSpec> specs;
  for (const auto& strategy : options.strategies) specs.push_back(with_strategy(spec, strategy, services));
  std::vector<TimeWindow> windows;
  for (const auto& text : options.windows) windows.push_back(parse_window(text, spec));
  if (options.windows.empty()) windows = automatic_windows(spec);
  const auto metrics = metrics_of(spec, windows);
  // values[strategy][metric][replication]
  std::vector<std::vector<std::vector<double>>> values;
  for (std::size_t k = 0; k < options.strategies.size(); ++k) {
    const auto& strategy = options.strategies[k];
    ReplicationPlan plan;
    plan.replications = options.replications;
    plan.jobs = options.jobs;
    plan.cancel = options.cancel;
    for (const auto& w : windows) plan.windows.emplace_back(w.from, w.to);
    if (!options.out_dir.empty()) plan.out_dir = options.out_dir / folder_name(strategy);
    const auto outcome = run_replications(specs[k], plan);
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
  auto index_of = [&](const std::string& id) {
    for (std::size_t i = 0; i < metrics.size(); ++i)
      if (metrics[i].id() == id) return static_cast<std::ptrdiff_t>(i);
    return std::ptrdiff_t{-1};
  };

  // The full table: mean +/- 95 % CI per strategy and metric, and the paired difference to the
  // first strategy (same replication = same traffic, so the pairs cancel most of the noise).
  const std::string baseline = options.strategies.front();
  result.csv = "strategy,metric,mean,ci95,diff_vs_baseline,diff_ci95\n";
  std::string md_header = "| strategy |", md_rule = "|---|";
  for (const auto& m : metrics) {
    md_header += fmt::format(" {} |", m.id());
    md_rule += "---|";
  }
  result.markdown = fmt::format("{}\n{}\n", md_header, md_rule);
  for (std::size_t k = 0; k < options.strategies.size(); ++k) {
    json row;
    std::string md = fmt::format("| {} |", options.strategies[k]);
    for (std::size_t i = 0; i < metrics.size(); ++i) {
      const auto e = estimate(values[k][i], 0.95);
      std::vector<double> d;
      for (std::size_t r = 0; r < values[k][i].size(); ++r) d.push_back(values[k][i][r] - values[0][i][r]);
      const auto diff = estimate(d, 0.95);
      row[metrics[i].id()] = {{"mean", e.mean}, {"ci95", e.half_width}, {"diff_vs_baseline", diff.mean}, {"diff_ci95", diff.half_width}};
      result.csv += fmt::format("{},{},{},{},{},{}\n", metrics::csv_field(options.strategies[k]), metrics::csv_field(metrics[i].id()), e.mean,
                                e.half_width, diff.mean, diff.half_width);
      md += k == 0 ? fmt::format(" {} |", rounded(e.mean, e.half_width))
                   : fmt::format(" {} ({:+.3g} ± {:.2g}) |", rounded(e.mean, e.half_width), diff.mean, diff.half_width);
    }
    result.table[options.strategies[k]] = row;
    result.markdown += md + "\n";
  }

  // The decision: Pareto front on cost against the objective, and a recommendation by its rule.
  const auto slo = index_of("slo_attainment"), p99 = index_of("p99_ms"), failed = index_of("error_rate"), cost = index_of("cost_dollars");
  Objective objective;
  if (spec.slo_latency) {
    objective.text = fmt::format("p{:g} < {:g} ms", 100 * spec.slo_quantile, spec.slo_latency->milliseconds());
    objective.quality_target = spec.slo_quantile;
  } else {
    objective.text = "no latency objective in the scenario (add slo:): fewest failures, then lowest p99";
    objective.quality_target = -std::numeric_limits<double>::infinity();
    objective.failed_limit = 0.01;
  }
  std::vector<StrategyValues> decision;
  for (std::size_t k = 0; k < options.strategies.size(); ++k) {
    StrategyValues v{options.strategies[k], values[k][cost], {}, values[k][failed]};
    if (slo >= 0) v.quality = values[k][slo];
    else
      for (const double x : values[k][p99]) v.quality.push_back(-x);
    decision.push_back(std::move(v));
  }
  const auto front = pareto_front(decision);
  const auto choice = recommend(decision, objective);

  // The narrow table: what decides, with units, rounded to the confidence interval.
  auto cell = [&](std::size_t k, std::ptrdiff_t metric, double scale = 1) {
    if (metric < 0) return std::string("-");
    const auto e = estimate(values[k][static_cast<std::size_t>(metric)], 0.95);
    return rounded(e.mean, e.half_width, scale);
  };
  std::vector<std::string> header{"strategy", "SLO met %", "failed %", "p99 ms", "worst window p99 ms", "cost $", "scaling actions"};
  std::vector<std::vector<std::string>> rows;
  for (std::size_t k = 0; k < options.strategies.size(); ++k) {
    const bool optimal = std::find(front.begin(), front.end(), options.strategies[k]) != front.end();
    std::string worst = "-";
    double worst_mean = -1;
    for (const auto& w : windows) {
      const auto i = index_of("window " + w.label + " p99_ms");
      const auto e = estimate(values[k][static_cast<std::size_t>(i)], 0.95);
      if (e.mean > worst_mean) worst_mean = e.mean, worst = fmt::format("{} ({})", rounded(e.mean, e.half_width), w.label);
    }
    rows.push_back({(optimal ? "* " : "  ") + options.strategies[k], cell(k, slo, 100), cell(k, failed, 100), cell(k, p99), worst,
                    cell(k, cost), cell(k, index_of("scaling_actions"))});
  }
  std::vector<std::size_t> width(header.size());
  for (std::size_t c = 0; c < header.size(); ++c) {
    width[c] = header[c].size();
    for (const auto& r : rows) width[c] = std::max(width[c], r[c].size());
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out = fmt::format("{:<{}}", cells[0], width[0] + 2);
    for (std::size_t c = 1; c < cells.size(); ++c) out += fmt::format("  {:>{}}", cells[c], width[c]);
    return out + "\n";
  };
  result.text = fmt::format("{}: {} replications per strategy on identical traffic (common random numbers); mean ± 95 % CI\n", spec.name,
                            options.replications);
  result.text += fmt::format("objective: {}{}\n\n", objective.text,
                             spec.slo_latency ? fmt::format(" (SLO met %: requests within {:g} ms; a failure is a miss)", spec.slo_latency->milliseconds())
                                              : "");
  result.text += line(header);
  for (const auto& r : rows) result.text += line(r);
  result.text += fmt::format("\n* Pareto-optimal on cost against {}: {}\n", spec.slo_latency ? "SLO met %" : "p99", fmt::join(front, ", "));
  result.text += fmt::format("recommendation: {}\n  {}\n  rule: {}\n", choice.strategy ? *choice.strategy : "none", choice.reason, choice.rule);
  if (!windows.empty()) {
    result.text += options.windows.empty() ? "windows (from each load change or failure to the next):\n" : "windows:\n";
    for (const auto& w : windows) result.text += fmt::format("  {:<14} {}\n", w.label, w.why);
  }

  json windows_json = json::array();
  for (const auto& w : windows) windows_json.push_back({{"label", w.label}, {"from_s", w.from.seconds()}, {"to_s", w.to.seconds()}, {"why", w.why}});
  result.document = {{"scenario", spec.name},
                     {"replications", options.replications},
                     {"baseline", baseline},
                     {"objective", objective.text},
                     {"recommendation",
                      {{"strategy", choice.strategy ? json(*choice.strategy) : json(nullptr)}, {"distinguishable", choice.distinguishable},
                       {"rule", choice.rule}, {"reason", choice.reason}}},
                     {"pareto", front},
                     {"windows", windows_json},
                     {"strategies", result.table}};
  if (!options.out_dir.empty()) {
    std::filesystem::create_directories(options.out_dir);
    metrics::write_file_atomically(options.out_dir / "compare.csv", result.csv);
    metrics::write_file_atomically(options.out_dir / "compare.md",
                                   fmt::format("# {}: {}\n\n{} replications per strategy on identical traffic (common random numbers). "
                                               "Each cell: mean ± 95 % CI; in parentheses the paired difference to {} ± its 95 % CI.\n\n"
                                               "```\n{}```\n\n{}",
                                               spec.name, fmt::join(options.strategies, " vs "), options.replications, baseline, result.text,
                                               result.markdown));
    metrics::write_file_atomically(options.out_dir / "compare.json", result.document.dump(2) + "\n");
  }
  return result;
}

}  // namespace msim::experiment
