#pragma once
/** @file
 *  @brief Parses the call-like notation used for distributions and rate profiles:
 *         `lognormal(median=2ms, p99=20ms)`, `uniform(8s, 15s)`, `diurnal(min=1/s, max=9/s)`.
 */
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/Units.hpp"

namespace msim::scenario {

struct FunctionText {
  std::string name;
  std::vector<std::string> positional;
  std::map<std::string, std::string> named;
};

/** Parses `name(a, b, key=value)`; text without parentheses is an error. */
Parsed<FunctionText> parse_function_text(std::string_view text);

}  // namespace msim::scenario
