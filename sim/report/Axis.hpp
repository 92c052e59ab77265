#pragma once
/** @file
 *  @brief Axis ticks at round values, and how their labels read (numbers, m:ss or h:mm).
 */
#include <string>
#include <vector>

namespace msim::report {

struct Ticks {
  std::vector<double> values;
  double min = 0, max = 1;  // the axis range: the first and last tick for numbers, 0 to the end for time
  int decimals = 0;  // for number labels
};

/** About `target` ticks at 1, 2 or 5 times a power of ten, covering [lo, hi]. */
Ticks nice_ticks(double lo, double hi, int target = 6);
/** Ticks at round durations (10 s, 1 min, 15 min, 1 h, ...) from 0 to `end_s`, the axis ending at `end_s`. */
Ticks time_ticks(double end_s);

/** Whether a time axis that ends at `end_s` reads h:mm (long runs) rather than m:ss. */
bool hours_format(double end_s);
/** "2:05" (m:ss) or, with `hours`, "1:30" (h:mm); seconds are rounded. */
std::string format_time(double seconds, bool hours);
/** A tick label: fixed decimals, no "-0". */
std::string format_number(double value, int decimals);
/** A value for tables and tooltips: about 4 significant digits, no exponent for everyday sizes. */
std::string format_value(double value, int significant = 4);

}  // namespace msim::report
