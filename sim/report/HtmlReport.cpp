#include "report/HtmlReport.hpp"

#include <fmt/format.h>

#include "report/SummaryTables.hpp"

namespace msim::report {
namespace {

constexpr const char* STYLE = R"(
body { font-family: "DejaVu Sans", Verdana, Arial, sans-serif; margin: 0; color: #222; background: #f4f5f7; }
header { background: #263238; color: #fff; padding: 14px 24px; }
header h1 { margin: 0; font-size: 20px; }
header p { margin: 4px 0 0; color: #cfd8dc; font-size: 13px; }
main { padding: 8px 24px 32px; }
section { background: #fff; border: 1px solid #dde1e6; border-radius: 6px; margin: 16px 0; padding: 12px 16px; }
section h2 { font-size: 16px; margin: 0 0 10px; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 12px; }
.charts figure { margin: 0; }
.charts figure.wide { grid-column: 1 / -1; }
.charts svg { width: 100%; height: auto; display: block; }
.charts figure.wide svg { max-width: 100%; width: auto; margin: 0 auto; }
table.summary { border-collapse: collapse; font-size: 13px; margin: 6px 0 12px; }
table.summary th, table.summary td { border-bottom: 1px solid #e3e6ea; padding: 4px 10px; text-align: right; white-space: nowrap; }
table.summary thead th { background: #eceff1; text-align: center; white-space: normal; }
section h3 { font-size: 14px; margin: 14px 0 4px; }
table.summary tbody th { text-align: left; font-weight: normal; }
table.summary tr.total th, table.summary tr.total td { font-weight: bold; }
.ci { color: #666; }
.note { color: #555; font-size: 13px; }
.recommendation { border: 2px solid #2e7d32; background: #e8f5e9; border-radius: 6px; padding: 10px 16px; font-size: 15px; }
.recommendation.none { border-color: #c62828; background: #ffebee; }
.recommendation strong { font-size: 18px; }
dl.provenance { display: flex; flex-wrap: wrap; gap: 6px 24px; margin: 0; font-size: 13px; }
dl.provenance dt { color: #666; display: inline; }
dl.provenance dt::after { content: ": "; }
dl.provenance dd { display: inline; margin: 0; }
.scroll { overflow-x: auto; }
)";

// Clicking a legend entry hides or shows its series; errors are recorded on <body> for tests.
constexpr const char* SCRIPT = R"(
window.addEventListener('error', function (e) { document.body.setAttribute('data-js-error', String(e.message)); });
document.querySelectorAll('svg.chart [data-toggle]').forEach(function (item) {
  item.addEventListener('click', function () {
    var svg = item.closest('svg');
    var key = item.getAttribute('data-toggle');
    var hidden = item.getAttribute('opacity') === '0.35';
    svg.querySelectorAll('[data-series="' + key + '"]').forEach(function (g) { g.style.display = hidden ? '' : 'none'; });
    item.setAttribute('opacity', hidden ? '1' : '0.35');
  });
});
document.body.setAttribute('data-report-ready', 'yes');
)";

}  // namespace

std::string render_html(const Page& page) {
  std::string s = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  s += fmt::format("<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n", html_escape(page.title), STYLE);
  s += fmt::format("<header><h1>{}</h1><p>{}</p></header>\n<main>\n", html_escape(page.title), html_escape(page.subtitle));
  for (const auto& section : page.sections) {
    s += fmt::format("<section>\n<h2>{}</h2>\n{}", html_escape(section.title), section.html);
    if (!section.figures.empty()) {
      s += "<div class=\"charts\">\n";
      for (const auto& f : section.figures) s += fmt::format("<figure{}>\n{}</figure>\n", f.wide ? " class=\"wide\"" : "", f.svg);
      s += "</div>\n";
    }
    s += section.html_after + "</section>\n";
  }
  s += fmt::format("</main>\n<script>{}</script>\n</body>\n</html>\n", SCRIPT);
  return s;
}

}  // namespace msim::report
