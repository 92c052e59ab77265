#include <fmt/format.h>

#include "report/Axis.hpp"
#include "report/CompareCharts.hpp"
#include "report/Pages.hpp"
#include "report/SummaryTables.hpp"
#include "report/SvgChart.hpp"

namespace msim::report {
namespace {

using json = nlohmann::ordered_json;

std::string text_of(const json& j, const char* key) {
  if (!j.contains(key) || j[key].is_null()) return "";
  return j[key].is_string() ? j[key].get<std::string>() : j[key].dump();
}

// compare.json's "recommendation": { strategy (or null), rule, reason }.
std::string recommendation_html(const json& r) {
  const std::string strategy = text_of(r, "strategy");
  std::string s = fmt::format("<div class=\"recommendation{}\">", strategy.empty() ? " none" : "");
  s += strategy.empty() ? "<strong>No strategy is recommended</strong>" : fmt::format("Recommended: <strong>{}</strong>", html_escape(strategy));
  if (const auto rule = text_of(r, "rule"); !rule.empty()) s += fmt::format("<p>Rule: {}</p>", html_escape(rule));
  if (const auto reason = text_of(r, "reason"); !reason.empty()) s += fmt::format("<p>Why: {}</p>", html_escape(reason));
  return s + "</div>\n";
}

std::string comparison_table(const CompareData& d) {
  struct Column {
    const char* key;
    const char* header;
    double scale;
  };
  static const Column COLUMNS[] = {{"slo_attainment", "SLO attainment (%)", 100}, {"slo_intervals_met", "intervals meeting the SLO (%)", 100},
                 {"p50_ms", "p50 (ms)", 1}, {"p99_ms", "p99 (ms)", 1}, {"error_rate", "failed (%)", 100}, {"cost_dollars", "cost ($)", 1},
                 {"replicas_mean", "replicas (mean)", 1}, {"scaling_actions", "scaling actions", 1}};
  std::string s = "<table class=\"summary\"><thead><tr><th>strategy</th>";
  std::vector<const Column*> shown;
  for (const auto& c : COLUMNS)
    if (d.metric(d.strategies.front(), c.key)) shown.push_back(&c), s += fmt::format("<th>{}</th>", c.header);
  s += "</tr></thead><tbody>\n";
  for (std::size_t i = 0; i < d.strategies.size(); ++i) {
    const auto& name = d.strategies[i];
    s += fmt::format("<tr><th>{}{}</th>", html_escape(name), i == 0 ? " (baseline)" : "");
    for (const auto* c : shown) {
      const auto v = d.metric(name, c->key);
      if (!v) {
        s += "<td>–</td>";
        continue;
      }
      s += fmt::format("<td>{} <span class=\"ci\">± {}</span>", format_value(v->first * c->scale), format_value(v->second * c->scale, 2));
      const auto& m = d.table[name][c->key];
      if (i > 0 && m.contains("diff_vs_baseline") && m["diff_vs_baseline"].is_number())
      {
        const double diff = m["diff_vs_baseline"].get<double>() * c->scale;
        s += fmt::format("<br><span class=\"ci\">({}{} ± {})</span>", diff >= 0 ? "+" : "", format_value(diff),
                         format_value(m.value("diff_ci95", 0.0) * c->scale, 2));
      }
      s += "</td>";
    }
    s += "</tr>\n";
  }
  return s + "</tbody></table>\n";
}

}  // namespace

Page compare_page(const CompareData& d) {
  Page page;
  const auto first = d.summaries.find(d.strategies.front());
  const std::string scenario = first != d.summaries.end() ? first->second.value("scenario", std::string()) : std::string();
  page.title = fmt::format("msim report: {} — {} strategies compared", scenario.empty() ? d.dir.filename().string() : scenario, d.strategies.size());
  page.subtitle = fmt::format("msim compare folder {}", d.dir.string());

  if (d.recommendation) {
    Section r;
    r.title = "Recommendation";
    r.html = recommendation_html(*d.recommendation);
    page.sections.push_back(std::move(r));
  }

  Section table;
  table.title = "Strategies compared";
  std::string replications;
  if (first != d.summaries.end() && first->second.contains("replications"))
    replications = fmt::format("{} replications per strategy, ", first->second["replications"].dump());
  table.html = fmt::format("<p class=\"note\">{}on identical traffic (common random numbers). Means ± 95 % CI; in brackets the paired "
                           "difference to the baseline, {}, ± its 95 % CI.</p>\n",
                           replications, html_escape(d.strategies.front()));
  table.html += "<div class=\"scroll\">" + comparison_table(d) + "</div>\n";
  for (const auto& n : d.notes) table.html += fmt::format("<p class=\"note\">Note: {}</p>\n", html_escape(n));
  page.sections.push_back(std::move(table));

  Section bars;
  bars.title = "Per strategy";
  for (const auto& chart : compare_bars(d)) bars.figures.push_back({chart.id, render_svg(chart)});
  const auto pareto = pareto_chart(d);
  if (!pareto.series.empty()) bars.figures.push_back({pareto.id, render_svg(pareto)});
  const auto optimal = pareto_optimal(d);
  std::string names;
  for (const auto& s : optimal) names += (names.empty() ? "" : ", ") + s;
  bars.html_after = fmt::format("<p class=\"note\">Pareto-optimal (no other strategy is both cheaper and {}): {}.</p>\n",
                                pareto_uses_slo(d) ? "meets the SLO more often" : "faster at p99", html_escape(names.empty() ? "none" : names));
  page.sections.push_back(std::move(bars));

  Section time;
  time.title = "Over time";
  time.html = "<p class=\"note\">Replication 0 (<code>&lt;strategy&gt;/rep-0/</code>) of each strategy: the same traffic for all.</p>\n";
  for (const auto& chart : compare_time_charts(d)) time.figures.push_back({chart.id, render_svg(chart)});
  if (time.figures.empty()) time.html = "<p class=\"note\">No strategy folder has a rep-0/timeseries.csv: no time series to show.</p>\n";
  page.sections.push_back(std::move(time));
  return page;
}

}  // namespace msim::report
