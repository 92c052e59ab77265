#pragma once
/** @file
 *  @brief `msim run --check 'EXPR'`: thresholds on summary.json that gate a pipeline (as k6's do).
 *
 *  EXPR is one or more conditions joined by "and": PATH OP VALUE, with OP one of < <= > >= == !=
 *  and VALUE a number with an optional unit: ms, s, us, m or h against a *_ms value; % against a
 *  ratio (failed_ratio, attainment, utilization...); /s against a per-second value. Example:
 *  requests.all.latency_ms.p99 < 200ms and requests.all.failed_ratio < 1%
 */
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace msim::cli {

struct CheckOutcome {
  bool passed = true;
  std::vector<std::string> lines;  // one per condition: the value found, and met or NOT met
};

struct Condition {
  std::string text, path, op, number, unit;
  double limit = 0;  // the number in the unit of the value at `path`
};

/** The conditions of `expression`; throws std::invalid_argument for bad syntax or a unit that does not fit. */
std::vector<Condition> parse_check(const std::string& expression);

/** Throws std::invalid_argument, naming the part and what would be valid, for a malformed expression. */
CheckOutcome evaluate_check(const std::string& expression, const nlohmann::ordered_json& summary);

}  // namespace msim::cli
