#pragma once
/** @file
 *  @brief SVG text to PNG bytes, rendered by librsvg (GNOME's SVG renderer) onto a cairo surface.
 */
#include <string>

namespace msim::report {

/** The PNG file's bytes; `scale` 2 doubles the pixels for sharp text. Throws std::runtime_error
 *  when librsvg refuses the SVG. */
std::string svg_to_png(const std::string& svg, double scale = 2);

}  // namespace msim::report
