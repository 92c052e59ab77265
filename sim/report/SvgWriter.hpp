#pragma once
/** @file
 *  @brief Pieces every SVG chart shares: the document, escaped text, the value axis, the legend.
 *
 *  Styles are presentation attributes, not CSS, so the same text is a standalone .svg file, an
 *  image librsvg renders, and an element inline in the HTML page.
 */
#include <string>
#include <string_view>
#include <vector>

#include "report/Axis.hpp"

namespace msim::report::svg {

inline constexpr double WIDTH = 660;  // every chart; the page scales them to its columns
inline constexpr double FONT_SIZE = 11;
/** Width of a text in pixels, estimated (DejaVu Sans averages 0.6 em). */
double text_width(std::string_view text, double font_size = FONT_SIZE);

std::string escape(std::string_view text);
/** A coordinate with one decimal. */
std::string num(double v);

/** <svg> with its size, a white background and the title; `id` becomes the root's id. */
std::string open(const std::string& id, double width, double height, const std::string& title);
std::string close();
std::string text(double x, double y, std::string_view content, std::string_view attributes = "");

/** Grid lines and labels of a vertical value axis spanning [top, top + height], and its title (with its unit). */
std::string value_axis(const Ticks& ticks, double left, double top, double width, double height, const std::string& title);

enum class Swatch { LINE, DASHED, DOTTED, DOT, MARKER, BAND };
struct LegendEntry {
  std::string name;
  std::string color;
  Swatch swatch = Swatch::LINE;
  std::string toggles;  // data-series value of what a click on the entry shows or hides
};
/** Height of the legend laid out in columns over `width`. */
double legend_height(const std::vector<LegendEntry>& entries, double width);
std::string legend(const std::vector<LegendEntry>& entries, double left, double top, double width);

}  // namespace msim::report::svg
