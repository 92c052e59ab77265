#include "report/Axis.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace msim::report {

Ticks nice_ticks(double lo, double hi, int target) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) lo = 0, hi = 1;
  if (hi <= lo) hi = lo + (lo == 0 ? 1 : std::abs(lo) * 0.1);
  const double raw = (hi - lo) / std::max(target, 1);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double norm = raw / magnitude;
  const double step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * magnitude;
  Ticks t;
  t.min = std::floor(lo / step + 1e-9) * step;
  t.max = std::ceil(hi / step - 1e-9) * step;
  for (double v = t.min; v <= t.max + step * 1e-6; v += step) t.values.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
  t.decimals = std::max(0, static_cast<int>(-std::floor(std::log10(step) + 1e-9)));
  return t;
}

bool hours_format(double end_s) { return end_s >= 3600; }

Ticks time_ticks(double end_s) {
  if (!(end_s > 0)) end_s = 1;
  static const double STEPS[] = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400};
  double step = STEPS[std::size(STEPS) - 1];
  for (const double s : STEPS)
    if (end_s / s <= 7) {
      step = s;
      break;
    }
  // The h:mm labels cannot show less than a minute apart.
  if (hours_format(end_s)) step = std::max(step, 600.0);
  while (end_s / step > 8) step *= 2;
  Ticks t;
  t.min = 0;
  t.max = end_s;
  for (double v = 0; v <= end_s + 1e-9; v += step) t.values.push_back(v);
  return t;
}

std::string format_time(double seconds, bool hours) {
  const long total = std::lround(std::max(0.0, seconds));
  if (hours) {
    const long minutes = (total + 30) / 60;
    return fmt::format("{}:{:02}", minutes / 60, minutes % 60);
  }
  return fmt::format("{}:{:02}", total / 60, total % 60);
}

std::string format_number(double value, int decimals) {
  if (std::abs(value) < 0.5 * std::pow(10.0, -decimals)) value = 0;
  return fmt::format("{:.{}f}", value, decimals);
}

std::string format_value(double value, int significant) {
  if (!std::isfinite(value)) return "–";
  const double a = std::abs(value);
  if (a == 0) return "0";
  if (a >= 1e7 || a < 1e-4) return fmt::format("{:.{}g}", value, std::max(significant - 1, 1));
  if (a >= 1000) return fmt::format("{:.0f}", value);
  const int decimals = std::max(0, significant - 1 - static_cast<int>(std::floor(std::log10(a))));
  std::string s = fmt::format("{:.{}f}", value, decimals);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

}  // namespace msim::report
