#include "SummaryPath.hpp"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

namespace msim::cli {
namespace {

using json = nlohmann::ordered_json;

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

void collect(const json& node, const std::string& prefix, std::vector<std::string>& out) {
  if (node.is_number()) {
    out.push_back(prefix);
    return;
  }
  if (!node.is_object()) return;
  for (const auto& [key, value] : node.items()) {
    if (prefix.empty() && (key == "ci95" || key.rfind("wall_", 0) == 0)) continue;
    collect(value, prefix.empty() ? key : prefix + "." + key, out);
  }
}

}  // namespace

const json* find_summary_value(const json& summary, const std::string& dotted) {
  // Walk key by key; a key may itself hold dots ("GET /a.b"), so try the longest match first.
  const json* node = &summary;
  std::size_t start = 0;
  while (start <= dotted.size()) {
    if (!node->is_object()) return nullptr;
    const json* next = nullptr;
    std::size_t end = dotted.size();
    while (true) {
      const auto it = node->find(dotted.substr(start, end - start));
      if (it != node->end()) {
        next = &*it;
        break;
      }
      if (end == start) break;
      end = dotted.rfind('.', end - 1);
      if (end == std::string::npos || end < start) break;
    }
    if (!next) return nullptr;
    node = next;
    if (end >= dotted.size()) return node;
    start = end + 1;
  }
  return nullptr;
}

std::vector<std::string> numeric_paths(const json& summary) {
  std::vector<std::string> out;
  collect(summary, "", out);
  return out;
}

std::string suggest_summary_path(const json& summary, const std::string& dotted) {
  const auto paths = numeric_paths(summary);
  std::size_t best = std::numeric_limits<std::size_t>::max();
  std::string closest;
  for (const auto& p : paths) {
    const std::size_t d = edit_distance(dotted, p);
    if (d < best) best = d, closest = p;
  }
  if (!closest.empty() && best <= std::max<std::size_t>(3, dotted.size() / 4)) return fmt::format("; did you mean '{}'?", closest);
  return "; the paths are those of summary.json (docs/output-format.md), e.g. requests.all.latency_ms.p99";
}

}  // namespace msim::cli
