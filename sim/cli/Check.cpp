#include "Check.hpp"

#include <cmath>
#include <regex>

#include <fmt/format.h>

#include "SummaryPath.hpp"

namespace msim::cli {
namespace {

using json = nlohmann::ordered_json;

std::vector<std::string> split_conditions(const std::string& expression) {
  static const std::regex AND(R"(\s+(and|&&)\s+)");
  std::vector<std::string> parts;
  std::sregex_token_iterator it(expression.begin(), expression.end(), AND, -1), end;
  for (; it != end; ++it) parts.push_back(*it);
  return parts;
}

bool is_ratio(const std::string& path) {
  for (const char* name : {"ratio", "attainment", "utilization", "intervals_met", "share"})
    if (path.find(name) != std::string::npos) return true;
  return false;
}

// The threshold in the unit of the value at `path`.
double threshold(const std::string& path, double number, const std::string& unit, const std::string& condition) {
  const bool ms = path.find("_ms") != std::string::npos;
  const bool seconds = !ms && path.size() > 2 && path.compare(path.size() - 2, 2, "_s") == 0;
  static const std::vector<std::pair<std::string, double>> TIME{{"us", 1e-6}, {"ms", 1e-3}, {"s", 1}, {"m", 60}, {"h", 3600}};
  if (unit.empty()) return number;
  for (const auto& [name, to_seconds] : TIME)
    if (unit == name) {
      if (!ms && !seconds) throw std::invalid_argument(fmt::format("--check '{}': {} is not a time, so '{}' does not apply", condition, path, unit));
      return number * to_seconds * (ms ? 1e3 : 1);
    }
  if (unit == "%") {
    if (!is_ratio(path)) throw std::invalid_argument(fmt::format("--check '{}': {} is not a ratio, so '%' does not apply", condition, path));
    return number / 100;
  }
  if (unit == "/s") return number;
  throw std::invalid_argument(fmt::format("--check '{}': unknown unit '{}' (ms, s, us, m, h, % or /s)", condition, unit));
}

}  // namespace

std::vector<Condition> parse_check(const std::string& expression) {
  static const std::regex CONDITION(R"(^\s*([^\s<>=!]+)\s*(<=|>=|==|!=|<|>)\s*([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*(%|/s|[a-z]*)\s*$)");
  std::vector<Condition> conditions;
  for (const auto& text : split_conditions(expression)) {
    std::smatch m;
    if (!std::regex_match(text, m, CONDITION))
      throw std::invalid_argument(fmt::format("--check '{}': write PATH OP VALUE, e.g. 'requests.all.latency_ms.p99 < 200ms', "
                                              "with OP one of < <= > >= == != and conditions joined by 'and'",
                                              text));
    Condition c{text, m[1], m[2], m[3], m[4], 0};
    c.limit = threshold(c.path, std::stod(c.number), c.unit, text);
    conditions.push_back(std::move(c));
  }
  return conditions;
}

CheckOutcome evaluate_check(const std::string& expression, const json& summary) {
  CheckOutcome outcome;
  for (const auto& c : parse_check(expression)) {
    const json* value = find_summary_value(summary, c.path);
    if (!value || !value->is_number())
      throw std::invalid_argument(fmt::format("--check: no number at '{}' in summary.json{}", c.path, suggest_summary_path(summary, c.path)));
    const double actual = value->get<double>();
    const bool met = c.op == "<" ? actual < c.limit : c.op == "<=" ? actual <= c.limit : c.op == ">" ? actual > c.limit
                   : c.op == ">=" ? actual >= c.limit : c.op == "==" ? actual == c.limit : actual != c.limit;
    outcome.passed = outcome.passed && met;
    const std::string shown_unit = c.path.find("_ms") != std::string::npos ? " ms" : "";
    outcome.lines.push_back(fmt::format("check {}: {} = {:g}{} (wanted {} {}{})", met ? "met" : "NOT MET", c.path, actual, shown_unit, c.op,
                                        c.number, c.unit));
  }
  return outcome;
}

}  // namespace msim::cli
