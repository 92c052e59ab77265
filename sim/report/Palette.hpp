#pragma once
/** @file
 *  @brief Colours of the report's charts, matching msim-gui's.
 */
#include <cstddef>
#include <string>

namespace msim::report {

/** The i-th categorical colour: the GUI's ten (Tableau 10) first, then 18 more that stay
 *  distinct from them, so 20+ services get different colours; after 28 they repeat. */
const std::string& category_color(std::size_t index);
std::size_t category_count();

/** Colours of fixed meanings, as in msim-gui. */
namespace colors {
inline constexpr const char* P50 = "#2ca02c";
inline constexpr const char* P90 = "#ff7f0e";
inline constexpr const char* P99 = "#1f77b4";
inline constexpr const char* COMPLETED = "#1f77b4";
inline constexpr const char* FAILED = "#d62728";
inline constexpr const char* REJECTED = "#ff7f0e";
inline constexpr const char* TIMEOUTS = "#9467bd";
inline constexpr const char* ERRORS = "#8c564b";
inline constexpr const char* SLO = "#c81e1e";
inline constexpr const char* MARKER = "#141414";
inline constexpr const char* BAND = "#e63c3c";
}  // namespace colors

/** A sequential colour (light yellow to dark blue, viridis-like) for t in [0, 1]: heat maps. */
std::string sequential_color(double t);

}  // namespace msim::report
