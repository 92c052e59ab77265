#include "report/Palette.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

namespace msim::report {
namespace {

const std::array<std::string, 28> PALETTE{
    // Tableau 10, in msim-gui's order (gui/charts/ChartsPanel.cpp).
    "#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#d62728",
    // Darker and lighter companions, ordered so that neighbours differ in hue.
    "#393b79", "#e7ba52", "#637939", "#ad494a", "#7b4173", "#00a087", "#f0027f", "#8c6d31", "#0b4f6c", "#b15928",
    "#aec7e8", "#ffbb78", "#98df8a", "#c5b0d5", "#c49c94", "#f7b6d2", "#dbdb8d", "#9edae5"};

}  // namespace

const std::string& category_color(std::size_t index) { return PALETTE[index % PALETTE.size()]; }
std::size_t category_count() { return PALETTE.size(); }

std::string sequential_color(double t) {
  // Stops of matplotlib's viridis, reversed so that small values are light.
  static const std::array<std::array<double, 3>, 5> STOPS{{{253, 231, 37}, {94, 201, 98}, {33, 145, 140}, {59, 82, 139}, {68, 1, 84}}};
  t = std::clamp(std::isfinite(t) ? t : 0.0, 0.0, 1.0) * (STOPS.size() - 1);
  const std::size_t i = std::min(static_cast<std::size_t>(t), STOPS.size() - 2);
  const double f = t - static_cast<double>(i);
  auto mix = [&](int c) { return static_cast<int>(std::lround(STOPS[i][c] + f * (STOPS[i + 1][c] - STOPS[i][c]))); };
  return fmt::format("#{:02x}{:02x}{:02x}", mix(0), mix(1), mix(2));
}

}  // namespace msim::report
