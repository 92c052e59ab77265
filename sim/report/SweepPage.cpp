#include <fmt/format.h>

#include "report/Axis.hpp"
#include "report/Pages.hpp"
#include "report/SummaryTables.hpp"
#include "report/SvgChart.hpp"
#include "report/SweepCharts.hpp"

namespace msim::report {
namespace {

std::string points_table(const SweepData& d, const std::vector<SweepMetric>& metrics) {
  std::string s = "<table class=\"summary\"><thead><tr>";
  for (const auto& p : d.parameters) s += fmt::format("<th>{}</th>", html_escape(p));
  s += "<th>runs ok</th><th>failed</th>";
  for (const auto& m : metrics) s += fmt::format("<th>{}</th>", html_escape(m.y_title));
  s += "</tr></thead><tbody>\n";
  auto field = [&](const std::vector<std::string>& row, const std::string& column) {
    const auto c = d.points.column(column);
    return c && *c < row.size() ? row[*c] : std::string();
  };
  for (const auto& row : d.points.rows) {
    s += "<tr>";
    for (const auto& p : d.parameters) s += fmt::format("<td>{}</td>", html_escape(field(row, p)));
    s += fmt::format("<td>{}</td><td>{}</td>", html_escape(field(row, "runs")), html_escape(field(row, "failed")));
    for (const auto& m : metrics) {
      const auto mean = to_number(field(row, m.column + ".mean"));
      const auto ci = to_number(field(row, m.column + ".ci95"));
      s += !mean ? "<td>–</td>"
                 : fmt::format("<td>{}{}</td>", format_value(*mean * m.scale),
                               ci ? fmt::format(" <span class=\"ci\">± {}</span>", format_value(*ci * m.scale, 2)) : "");
    }
    s += "</tr>\n";
  }
  return s + "</tbody></table>\n";
}

}  // namespace

Page sweep_page(const SweepData& d) {
  Page page;
  page.title = fmt::format("msim report: sweep {}", d.experiment.value("experiment", d.dir.filename().string()));
  page.subtitle = fmt::format("msim sweep folder {}", d.dir.string());
  const auto metrics = sweep_metrics(d);

  Section about;
  about.title = "Experiment";
  std::string swept;
  for (const auto& p : d.parameters) swept += (swept.empty() ? "" : ", ") + p;
  about.html = fmt::format("<p>{} points × {} replications; swept: {}. Scenario: {}.</p>\n", d.points.rows.size(),
                           d.experiment.contains("replications") ? d.experiment["replications"].dump() : "?", html_escape(swept),
                           html_escape(d.experiment.value("scenario_file", std::string("?"))));
  if (metrics.empty() || metrics.front().column != "requests.all.latency_ms.p99")
    about.html += "<p class=\"note\">points.csv has no requests.all.latency_ms.p99 column (the experiment's <code>metrics</code> leave it out): "
                  "no p99 chart.</p>\n";
  page.sections.push_back(std::move(about));

  Section charts;
  charts.title = "Over the swept parameter";
  if (d.parameters.size() > 1)
    charts.html = fmt::format("<p class=\"note\">x axis: {}; one line per value of the other parameter{}. Whiskers: 95 % CI over the replications.</p>\n",
                              html_escape(d.parameters[sweep_x_parameter(d)]), d.parameters.size() > 2 ? "s" : "");
  for (const auto& chart : sweep_line_charts(d)) charts.figures.push_back({chart.id, render_svg(chart)});
  if (const auto heat = sweep_heat_map(d)) charts.figures.push_back({heat->id, render_svg(*heat)});
  page.sections.push_back(std::move(charts));

  Section table;
  table.title = "Points (mean ± 95 % CI)";
  table.html = "<div class=\"scroll\">" + points_table(d, metrics) + "</div>\n";
  page.sections.push_back(std::move(table));
  return page;
}

}  // namespace msim::report
