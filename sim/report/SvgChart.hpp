#pragma once
/** @file
 *  @brief Draws one chart as standalone SVG text (msim-gui's look: one time axis, the legend below
 *  with full names, failures shaded, scaling decisions as dots, the SLO as a dashed red line).
 */
#include <string>

#include "report/Chart.hpp"

namespace msim::report {

std::string render_svg(const XYChart& chart);
std::string render_svg(const BarChart& chart);
std::string render_svg(const HeatMap& chart);

}  // namespace msim::report
