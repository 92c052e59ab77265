#include <fmt/format.h>

#include "report/Pages.hpp"
#include "report/RunCharts.hpp"
#include "report/SummaryTables.hpp"
#include "report/SvgChart.hpp"
#include "report/SvgServiceGraph.hpp"

namespace msim::report {

Page run_page(const RunData& run, const nlohmann::ordered_json& summary, const std::string& charts_note) {
  Page page;
  page.title = fmt::format("msim report: {}", summary.value("scenario", std::string("run")));
  page.subtitle = summary.contains("replications")
                      ? fmt::format("{} replications in {}", summary["replications"].dump(), run.dir.parent_path().string())
                      : fmt::format("run in {}", run.dir.string());

  Section totals;
  totals.title = "Summary (measured window: after the warm-up)";
  totals.html = provenance(summary);
  if (summary.contains("ci95"))
    totals.html += "<p class=\"note\">Means of the replications, ± the 95 % confidence half-width (Student-t).</p>\n";
  totals.html += "<h3>Requests (end-to-end)</h3>\n<div class=\"scroll\">" + requests_table(summary) + "</div>\n";
  totals.html += "<h3>Services</h3>\n<div class=\"scroll\">" + services_table(summary) + "</div>\n";
  page.sections.push_back(std::move(totals));

  Section time;
  time.title = "Over time";
  if (!charts_note.empty()) time.html = fmt::format("<p class=\"note\">{}</p>\n", html_escape(charts_note));
  time.html += "<p class=\"note\">Red bands: failures (hover for what failed). Black dots: scaling decisions. Click a legend entry to hide or show it.</p>\n";
  for (const auto& chart : run_time_charts(run)) time.figures.push_back({chart.id, render_svg(chart)});
  page.sections.push_back(std::move(time));

  Section graph;
  graph.title = "Service graph";
  const auto nodes = graph_nodes(summary);
  if (nodes.empty())
    graph.html = "<p class=\"note\">This folder does not say which service calls which: its summary.json has no "
                 "<code>services.&lt;name&gt;.calls_to</code> (written by msim versions before msim report). Run the scenario "
                 "again to get the graph, or draw it from the scenario with <code>msim graph FILE</code>.</p>\n";
  else
    graph.figures.push_back({"service-graph", render_service_graph(nodes, "service-graph"), true});
  page.sections.push_back(std::move(graph));
  return page;
}

}  // namespace msim::report
