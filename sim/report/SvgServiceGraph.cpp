#include "report/SvgServiceGraph.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>

#include <fmt/format.h>

#include "report/SvgWriter.hpp"

namespace msim::report {
namespace {

using svg::num;

constexpr double BOX_HEIGHT = 36, ROW_GAP = 12, COLUMN_GAP = 70, MARGIN = 16, TOP = 40;

// Pale green (idle) to orange to red (at or above its CPU request), like msim-gui's graph.
std::string utilization_fill(double u) {
  const double t = std::clamp(std::isfinite(u) ? u : 0.0, 0.0, 1.0);
  const double from[3] = {232, 245, 233}, mid[3] = {255, 214, 153}, to[3] = {244, 128, 112};
  const double* a = t < 0.5 ? from : mid;
  const double* b = t < 0.5 ? mid : to;
  const double f = t < 0.5 ? t * 2 : (t - 0.5) * 2;
  auto c = [&](int i) { return static_cast<int>(std::lround(a[i] + f * (b[i] - a[i]))); };
  return fmt::format("#{:02x}{:02x}{:02x}", c(0), c(1), c(2));
}

}  // namespace

std::string render_service_graph(const std::vector<GraphNode>& nodes, const std::string& id) {
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < nodes.size(); ++i) index[nodes[i].name] = i;
  // Depth: the longest chain of callers above a service (the graph has no cycles: msim refuses them).
  std::vector<int> depth(nodes.size(), -1);
  std::vector<std::vector<std::size_t>> callers(nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i)
    for (const auto& callee : nodes[i].calls_to)
      if (const auto it = index.find(callee); it != index.end() && it->second != i) callers[it->second].push_back(i);
  std::vector<bool> visiting(nodes.size(), false);
  std::function<int(std::size_t)> depth_of = [&](std::size_t i) -> int {
    if (depth[i] >= 0) return depth[i];
    if (visiting[i]) return 0;  // a cycle in a hand-edited file: cut it
    visiting[i] = true;
    int d = 0;
    for (const auto c : callers[i]) d = std::max(d, depth_of(c) + 1);
    visiting[i] = false;
    return depth[i] = d;
  };
  int columns = 0;
  for (std::size_t i = 0; i < nodes.size(); ++i) columns = std::max(columns, depth_of(i) + 1);

  // Columns in scenario order, then each column sorted by the mean row of its callers
  // (barycentres), which removes most crossings.
  std::vector<std::vector<std::size_t>> column(static_cast<std::size_t>(std::max(columns, 1)));
  for (std::size_t i = 0; i < nodes.size(); ++i) column[static_cast<std::size_t>(depth[i])].push_back(i);
  std::vector<double> row(nodes.size(), 0);
  for (auto& col : column) {
    std::vector<double> key(nodes.size(), 0);
    for (std::size_t k = 0; k < col.size(); ++k) {
      const auto i = col[k];
      double sum = 0;
      for (const auto c : callers[i]) sum += row[c];
      key[i] = callers[i].empty() ? static_cast<double>(k) : sum / static_cast<double>(callers[i].size());
    }
    std::stable_sort(col.begin(), col.end(), [&](std::size_t a, std::size_t b) { return key[a] < key[b]; });
    for (std::size_t k = 0; k < col.size(); ++k) row[col[k]] = static_cast<double>(k);
  }

  double box_width = 120;
  std::size_t tallest = 1;
  for (const auto& n : nodes) box_width = std::max({box_width, svg::text_width(n.name, 12) + 20, svg::text_width(n.detail, 10) + 16});
  for (const auto& col : column) tallest = std::max(tallest, col.size());
  const double width = std::max(svg::WIDTH, 2 * MARGIN + static_cast<double>(column.size()) * (box_width + COLUMN_GAP) - COLUMN_GAP);
  const double height = TOP + static_cast<double>(tallest) * (BOX_HEIGHT + ROW_GAP) + MARGIN;
  const double used = static_cast<double>(column.size()) * (box_width + COLUMN_GAP) - COLUMN_GAP;
  const double x0 = (width - used) / 2;
  std::vector<double> bx(nodes.size()), by(nodes.size());
  for (std::size_t c = 0; c < column.size(); ++c) {
    const double column_height = static_cast<double>(column[c].size()) * (BOX_HEIGHT + ROW_GAP) - ROW_GAP;
    const double y0 = TOP + (height - TOP - MARGIN - column_height) / 2;
    for (std::size_t k = 0; k < column[c].size(); ++k) {
      bx[column[c][k]] = x0 + static_cast<double>(c) * (box_width + COLUMN_GAP);
      by[column[c][k]] = y0 + static_cast<double>(k) * (BOX_HEIGHT + ROW_GAP);
    }
  }

  std::string s = svg::open(id, width, height, "Service graph (arrows: calls; colour: CPU utilization)");
  const std::string arrow = "arrow-" + id;
  s += fmt::format("<defs><marker id=\"{}\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">"
                   "<path d=\"M0,0L10,5L0,10z\" fill=\"#666666\"/></marker></defs>\n",
                   svg::escape(arrow));
  for (std::size_t i = 0; i < nodes.size(); ++i)
    for (const auto& callee : nodes[i].calls_to) {
      const auto it = index.find(callee);
      if (it == index.end() || it->second == i) continue;
      const auto j = it->second;
      const double xa = bx[i] + box_width, ya = by[i] + BOX_HEIGHT / 2, xb = bx[j], yb = by[j] + BOX_HEIGHT / 2;
      const double bend = std::max((xb - xa) / 2, 20.0);
      s += fmt::format("<path d=\"M{},{} C{},{} {},{} {},{}\" fill=\"none\" stroke=\"#888888\" stroke-width=\"1.3\" marker-end=\"url(#{})\">"
                       "<title>{} → {}</title></path>\n",
                       num(xa), num(ya), num(xa + bend), num(ya), num(xb - bend), num(yb), num(xb), num(yb), svg::escape(arrow),
                       svg::escape(nodes[i].name), svg::escape(callee));
    }
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const auto& n = nodes[i];
    s += fmt::format("<g><title>{}: {}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\" fill=\"{}\" stroke=\"#555555\"/>", svg::escape(n.name),
                     svg::escape(n.detail), num(bx[i]), num(by[i]), num(box_width), num(BOX_HEIGHT), utilization_fill(n.utilization));
    s += svg::text(bx[i] + box_width / 2, by[i] + 15, n.name, "text-anchor=\"middle\" font-size=\"12\" font-weight=\"bold\" fill=\"#222222\"");
    s += svg::text(bx[i] + box_width / 2, by[i] + 29, n.detail, "text-anchor=\"middle\" font-size=\"10\" fill=\"#333333\"") + "</g>\n";
  }
  s += svg::close();
  return s;
}

}  // namespace msim::report
