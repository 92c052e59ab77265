#include "scenario/Units.hpp"

#include <cctype>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

namespace msim::scenario {
namespace {

// Splits "12.5ms" into the longest numeric prefix and the rest.
std::pair<std::optional<double>, std::string_view> split_number(std::string_view s) {
  double v = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || ptr == s.data()) return {std::nullopt, s};
  return {v, s.substr(static_cast<std::size_t>(ptr - s.data()))};
}

}  // namespace

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::optional<double> parse_number(std::string_view text) {
  text = trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  const auto [v, rest] = split_number(text);
  if (!v || !rest.empty() || !std::isfinite(*v)) return std::nullopt;
  return v;
}

namespace {

Parsed<double> parse_single_duration(std::string_view text);

}  // namespace

Parsed<double> parse_duration(std::string_view text) {
  // Compound forms such as "1h30m" or "2m30s" are the sum of their parts.
  const std::string_view t = trim(text);
  // A new part starts where a digit follows a unit letter (not the 'e' of an exponent: 2.5e3ms).
  auto starts_part = [&](std::size_t i) {
    return std::isdigit(static_cast<unsigned char>(t[i])) && std::isalpha(static_cast<unsigned char>(t[i - 1])) &&
           !((t[i - 1] == 'e' || t[i - 1] == 'E') && i >= 2 && (std::isdigit(static_cast<unsigned char>(t[i - 2])) || t[i - 2] == '.'));
  };
  std::size_t parts = 0;
  for (std::size_t i = 1; i < t.size(); ++i)
    if (starts_part(i)) ++parts;
  if (parts == 0 || t.find_first_of(" (,") != std::string_view::npos) return parse_single_duration(t);
  double total = 0;
  std::size_t start = 0;
  for (std::size_t i = 1; i <= t.size(); ++i) {
    if (i < t.size() && !starts_part(i)) continue;
    auto part = parse_single_duration(t.substr(start, i - start));
    if (!part) return Parsed<double>::fail(fmt::format("'{}': {}", t, part.error));
    total += *part.value;
    start = i;
  }
  if (total > 100 * 365.25 * 86400) return Parsed<double>::fail(fmt::format("'{}' is too long: at most 100 years", t));
  return Parsed<double>::ok(total);
}

namespace {

Parsed<double> parse_single_duration(std::string_view text) {
  const std::string_view t = trim(text);
  const auto [v, unit_raw] = split_number(t);
  const std::string_view unit = trim(unit_raw);
  const auto hint = "a duration needs a unit: ns, us, ms, s, m, h or d (e.g. 250us, 5ms, 2s, 1.5m, 1h)";
  if (!v) return Parsed<double>::fail(fmt::format("'{}' is not a duration; {}", t, hint));
  double scale = 0;
  if (unit == "ns") scale = 1e-9;
  else if (unit == "us" || unit == "µs") scale = 1e-6;
  else if (unit == "ms") scale = 1e-3;
  else if (unit == "s") scale = 1;
  else if (unit == "m" || unit == "min") scale = 60;
  else if (unit == "h") scale = 3600;
  else if (unit == "d") scale = 86400;
  else if (unit.empty()) return Parsed<double>::fail(fmt::format("'{}' has no unit; {}", t, hint));
  else return Parsed<double>::fail(fmt::format("'{}': unknown time unit '{}'; {}", t, unit, hint));
  if (!std::isfinite(*v)) return Parsed<double>::fail(fmt::format("'{}' is not a finite duration", t));
  if (*v < 0) return Parsed<double>::fail(fmt::format("'{}': a duration cannot be negative", t));
  if (*v * scale > 100 * 365.25 * 86400) return Parsed<double>::fail(fmt::format("'{}' is too long: at most 100 years", t));
  return Parsed<double>::ok(*v * scale);
}

}  // namespace

Parsed<double> parse_rate(std::string_view text) {
  const std::string_view t = trim(text);
  const auto hint = "a rate looks like 200/s, 12k/min or 1.5M/h";
  const auto slash = t.find('/');
  if (slash == std::string_view::npos) return Parsed<double>::fail(fmt::format("'{}' is not a rate; {}", t, hint));
  const auto [v, suffix_raw] = split_number(trim(t.substr(0, slash)));
  const std::string_view suffix = trim(suffix_raw);
  const std::string_view per = trim(t.substr(slash + 1));
  if (!v) return Parsed<double>::fail(fmt::format("'{}' is not a rate; {}", t, hint));
  double mult = 1;
  if (suffix == "k") mult = 1e3;
  else if (suffix == "M") mult = 1e6;
  else if (!suffix.empty()) return Parsed<double>::fail(fmt::format("'{}': unknown multiplier '{}' (k or M); {}", t, suffix, hint));
  double period = 0;
  if (per == "s") period = 1;
  else if (per == "ms") period = 1e-3;
  else if (per == "min" || per == "m") period = 60;
  else if (per == "h") period = 3600;
  else if (per == "d") period = 86400;
  else return Parsed<double>::fail(fmt::format("'{}': unknown period '/{}' (use /s, /min, /h or /d); {}", t, per, hint));
  if (!std::isfinite(*v)) return Parsed<double>::fail(fmt::format("'{}' is not a finite rate", t));
  if (*v < 0) return Parsed<double>::fail(fmt::format("'{}': a rate cannot be negative", t));
  if (*v * mult / period > 1e9) return Parsed<double>::fail(fmt::format("'{}' is too high: at most 1G/s", t));
  return Parsed<double>::ok(*v * mult / period);
}

Parsed<double> parse_cpu(std::string_view text) {
  const std::string_view t = trim(text);
  const auto [v, unit_raw] = split_number(t);
  const std::string_view unit = trim(unit_raw);
  if (!v || (!unit.empty() && unit != "m"))
    return Parsed<double>::fail(fmt::format("'{}' is not a CPU quantity; use cores (0.5, 2) or millicores (500m)", t));
  if (!std::isfinite(*v)) return Parsed<double>::fail(fmt::format("'{}' is not a finite CPU quantity", t));
  const double cores = unit == "m" ? *v / 1000 : *v;
  if (cores <= 0) return Parsed<double>::fail(fmt::format("'{}': CPU must be > 0", t));
  return Parsed<double>::ok(cores);
}

Parsed<double> parse_memory(std::string_view text) {
  const std::string_view t = trim(text);
  const auto [v, unit_raw] = split_number(t);
  const std::string_view unit = trim(unit_raw);
  const auto hint = "use bytes or a Kubernetes suffix: Ki, Mi, Gi, Ti, k, M, G, T (e.g. 512Mi)";
  if (!v) return Parsed<double>::fail(fmt::format("'{}' is not a memory quantity; {}", t, hint));
  double mult = 0;
  if (unit.empty()) mult = 1;
  else if (unit == "Ki") mult = 1024.0;
  else if (unit == "Mi") mult = 1024.0 * 1024;
  else if (unit == "Gi") mult = 1024.0 * 1024 * 1024;
  else if (unit == "Ti") mult = 1024.0 * 1024 * 1024 * 1024;
  else if (unit == "k") mult = 1e3;
  else if (unit == "M") mult = 1e6;
  else if (unit == "G") mult = 1e9;
  else if (unit == "T") mult = 1e12;
  else return Parsed<double>::fail(fmt::format("'{}': unknown memory unit '{}'; {}", t, unit, hint));
  if (!std::isfinite(*v)) return Parsed<double>::fail(fmt::format("'{}' is not a finite memory quantity", t));
  if (*v < 0) return Parsed<double>::fail(fmt::format("'{}': memory cannot be negative", t));
  return Parsed<double>::ok(*v * mult);
}

Parsed<double> parse_fraction(std::string_view text) {
  const std::string_view t = trim(text);
  std::optional<double> v;
  if (!t.empty() && t.back() == '%') {
    v = parse_number(t.substr(0, t.size() - 1));
    if (v) *v /= 100;
  } else {
    v = parse_number(t);
  }
  if (!v) return Parsed<double>::fail(fmt::format("'{}' is not a fraction; use 0.25 or 25%", t));
  if (*v < 0 || *v > 1) return Parsed<double>::fail(fmt::format("'{}' must lie between 0 and 1 (0% and 100%)", t));
  return Parsed<double>::ok(*v);
}

}  // namespace msim::scenario
