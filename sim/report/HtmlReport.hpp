#pragma once
/** @file
 *  @brief The report page: sections of HTML and inline SVG charts, in one self-contained file
 *  (CSS and the small legend script inline; no network).
 */
#include <string>
#include <vector>

namespace msim::report {

struct Figure {
  std::string id;  // the image's file name without extension (--format png|svg)
  std::string svg;
  bool wide = false;  // the whole width of the page instead of one grid column
};

struct Section {
  std::string title;
  std::string html;  // before the figures: notes, tables
  std::vector<Figure> figures;
  std::string html_after;  // after the figures
};

struct Page {
  std::string title;
  std::string subtitle;  // what kind of folder, where
  std::vector<Section> sections;
};

std::string render_html(const Page& page);

}  // namespace msim::report
