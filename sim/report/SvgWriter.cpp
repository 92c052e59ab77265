#include "report/SvgWriter.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace msim::report::svg {
namespace {

constexpr double LEGEND_ROW = 18;
constexpr double SWATCH = 22;

struct LegendLayout {
  std::size_t columns = 1;
  double column_width = 0;
};

LegendLayout layout(const std::vector<LegendEntry>& entries, double width) {
  double widest = 0;
  for (const auto& e : entries) widest = std::max(widest, SWATCH + 6 + text_width(e.name) + 16);
  LegendLayout l;
  l.column_width = std::min(widest, width);
  l.columns = std::max<std::size_t>(1, static_cast<std::size_t>(width / std::max(l.column_width, 1.0)));
  return l;
}

}  // namespace

double text_width(std::string_view text, double font_size) {
  std::size_t chars = 0;
  for (const char c : text) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;  // UTF-8 code points
  return 0.6 * font_size * static_cast<double>(chars);
}

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string num(double v) {
  if (!std::isfinite(v)) v = 0;
  if (std::abs(v) < 0.05) v = 0;
  return fmt::format("{:.1f}", v);
}

std::string open(const std::string& id, double width, double height, const std::string& title) {
  std::string s = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{}\" class=\"chart\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" "
      "font-family=\"DejaVu Sans, Verdana, Arial, sans-serif\" font-size=\"{}\">\n",
      escape(id), num(width), num(height), num(width), num(height), FONT_SIZE);
  s += fmt::format("<rect width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>\n", num(width), num(height));
  s += text(width / 2, 22, title, "text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\" fill=\"#222222\"");
  return s;
}

std::string close() { return "</svg>\n"; }

std::string text(double x, double y, std::string_view content, std::string_view attributes) {
  return fmt::format("<text x=\"{}\" y=\"{}\"{}{}>{}</text>\n", num(x), num(y), attributes.empty() ? "" : " ", attributes, escape(content));
}

std::string value_axis(const Ticks& ticks, double left, double top, double width, double height, const std::string& title) {
  std::string s = "<g class=\"y-axis\">\n";
  const double span = ticks.max - ticks.min;
  for (const double v : ticks.values) {
    const double y = top + height - (span > 0 ? (v - ticks.min) / span : 0) * height;
    s += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#e4e4e4\"/>\n", num(left), num(y), num(left + width), num(y));
    s += text(left - 6, y + 4, format_number(v, ticks.decimals), "text-anchor=\"end\" fill=\"#444444\"");
  }
  const double mid = top + height / 2;
  s += text(16, mid, title, fmt::format("text-anchor=\"middle\" fill=\"#222222\" transform=\"rotate(-90 16 {})\"", num(mid)));
  s += "</g>\n";
  return s;
}

double legend_height(const std::vector<LegendEntry>& entries, double width) {
  if (entries.empty()) return 0;
  const auto l = layout(entries, width);
  return LEGEND_ROW * static_cast<double>((entries.size() + l.columns - 1) / l.columns) + 6;
}

std::string legend(const std::vector<LegendEntry>& entries, double left, double top, double width) {
  if (entries.empty()) return {};
  const auto l = layout(entries, width);
  std::string s = "<g class=\"legend\">\n";
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& e = entries[i];
    const double x = left + static_cast<double>(i % l.columns) * l.column_width;
    const double y = top + static_cast<double>(i / l.columns) * LEGEND_ROW + 12;
    s += e.toggles.empty() ? "<g>" : fmt::format("<g data-toggle=\"{}\" style=\"cursor:pointer\">", escape(e.toggles));
    const std::string color = escape(e.color);
    switch (e.swatch) {
      case Swatch::LINE:
      case Swatch::DASHED:
      case Swatch::DOTTED:
        s += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"2.5\"{}/>", num(x), num(y - 4), num(x + SWATCH),
                         num(y - 4), color,
                         e.swatch == Swatch::DASHED ? " stroke-dasharray=\"6 3\"" : e.swatch == Swatch::DOTTED ? " stroke-dasharray=\"2 2\"" : "");
        break;
      case Swatch::DOT:
      case Swatch::MARKER:
        s += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"4.5\" fill=\"{}\" stroke=\"#ffffff\"/>", num(x + SWATCH / 2), num(y - 4), color);
        break;
      case Swatch::BAND:
        s += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"10\" fill=\"{}\" fill-opacity=\"0.25\" stroke=\"{}\" stroke-opacity=\"0.5\"/>",
                         num(x), num(y - 9), num(SWATCH), color, color);
        break;
    }
    s += text(x + SWATCH + 6, y, e.name, "fill=\"#222222\"");
    s += "</g>\n";
  }
  s += "</g>\n";
  return s;
}

}  // namespace msim::report::svg
