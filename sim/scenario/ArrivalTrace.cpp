#include "scenario/ArrivalTrace.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "scenario/InputFile.hpp"

namespace msim::scenario {
namespace {

std::vector<std::string> split_cells(const std::string& line) {
  std::vector<std::string> cells;
  std::size_t start = 0;
  for (;;) {
    const auto comma = line.find(',', start);
    cells.emplace_back(trim(line.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return cells;
}

}  // namespace

Parsed<ArrivalTrace> read_arrival_trace(const std::filesystem::path& file, const std::string& shown_name) {
  using Result = Parsed<ArrivalTrace>;
  auto text = read_input_file(file);
  if (!text) return Result::fail(fmt::format("cannot read the arrival trace '{}': {}", shown_name, text.error));
  std::istringstream in(std::move(*text.value));
  ArrivalTrace trace;
  bool header = false;
  std::string line;
  int line_no = 0;
  auto fail = [&](const std::string& why) { return Result::fail(fmt::format("{}:{}: {}", shown_name, line_no, why)); };
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::string_view t = trim(line);
    if (t.empty() || t.front() == '#') continue;
    const auto cells = split_cells(line);
    if (!header) {
      header = true;
      if (cells[0] == "time_s") continue;
      if (cells.size() >= 2 && cells[0] == "second" && cells[1] == "rate") {
        trace.per_second = true;
        continue;
      }
      return fail(fmt::format("expected a header: 'time_s' (one row per request, its time in seconds) or 'second,rate' (requests per second); found '{}'", t));
    }
    if (!trace.per_second) {
      const auto v = parse_number(cells[0]);
      if (!v || !std::isfinite(*v) || *v < 0) return fail(fmt::format("'{}' is not a time in seconds (a number >= 0)", cells[0]));
      if (!trace.times.empty() && *v < trace.times.back())
        return fail(fmt::format("the times must not decrease: {} comes after {}", cells[0], trace.times.back()));
      trace.times.push_back(*v);
      continue;
    }
    if (cells.size() < 2) return fail(fmt::format("expected 'second,rate', found '{}'", t));
    const auto second = parse_number(cells[0]);
    const auto rate = parse_number(cells[1]);
    if (!second || !std::isfinite(*second) || *second < 0 || std::floor(*second) != *second)
      return fail(fmt::format("'{}' is not a second (a whole number >= 0)", cells[0]));
    if (!rate || !std::isfinite(*rate) || *rate < 0) return fail(fmt::format("'{}' is not a rate (requests per second, >= 0)", cells[1]));
    if (!trace.steps.empty()) {
      const double last = trace.steps.back().first;
      if (*second <= last) return fail(fmt::format("the seconds must increase: {} comes after {}", cells[0], last));
      if (trace.steps.back().second > 0 && *second > last + 1) trace.steps.emplace_back(last + 1, 0.0);  // a gap: no requests
    }
    trace.steps.emplace_back(*second, *rate);
  }
  if (!header) return Result::fail(fmt::format("{}: the arrival trace is empty", shown_name));
  if (!trace.per_second && trace.times.empty()) return Result::fail(fmt::format("{}: the arrival trace has no requests", shown_name));
  if (trace.per_second) {
    double most = 0;
    for (const auto& [s, r] : trace.steps) most = std::max(most, r);
    if (most <= 0) return Result::fail(fmt::format("{}: every rate is 0: no request would arrive", shown_name));
    trace.steps.emplace_back(trace.steps.back().first + 1, 0.0);  // nothing after the last second
  }
  return Result::ok(std::move(trace));
}

}  // namespace msim::scenario
