#pragma once
/** @file
 *  @brief Parsing of the quantities written in scenario files: durations, rates, CPU, memory.
 */
#include <optional>
#include <string>
#include <string_view>

namespace msim::scenario {

/** @brief A parsed value, or the reason it could not be parsed (a sentence for the user). */
template <class T>
struct Parsed {
  std::optional<T> value;
  std::string error;

  static Parsed ok(T v) { return Parsed{std::move(v), {}}; }
  static Parsed fail(std::string why) { return Parsed{std::nullopt, std::move(why)}; }
  explicit operator bool() const { return value.has_value(); }
};

/** "250us", "5ms", "2s", "1.5m", "1h", "1d", "10ns" -> seconds. A bare number is rejected. */
Parsed<double> parse_duration(std::string_view text);
/** "200/s", "12k/min", "1.5M/h" -> per second. A bare number is rejected. */
Parsed<double> parse_rate(std::string_view text);
/** Kubernetes CPU quantity: "500m", "0.5", "2" -> cores. */
Parsed<double> parse_cpu(std::string_view text);
/** Kubernetes memory quantity: "512Mi", "32Gi", "1G", "1000" -> bytes. */
Parsed<double> parse_memory(std::string_view text);
/** "10%" or "0.1" -> 0.1; must lie in [0, 1]. */
Parsed<double> parse_fraction(std::string_view text);
/** A plain decimal number ("3", "-1.5e3"), whole string. */
std::optional<double> parse_number(std::string_view text);

std::string_view trim(std::string_view s);

}  // namespace msim::scenario
