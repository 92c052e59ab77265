#include "scenario/Diagnostics.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace msim::scenario {

std::string Diagnostic::format() const {
  if (where.line > 0) return fmt::format("{}:{}:{}: {}", where.file, where.line, where.column, message);
  return fmt::format("{}: {}", where.file, message);
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) == std::tolower(static_cast<unsigned char>(b[j - 1]));
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (same ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string closest_match(std::string_view word, std::span<const std::string> candidates) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    const bool prefix = word.size() >= 3 && c.starts_with(word);
    if (d < best_distance || (prefix && best.empty())) {
      best = c;
      best_distance = prefix ? std::min(d, best_distance) : d;
    }
  }
  return best;
}

std::string suggest(std::string_view word, std::span<const std::string> candidates) {
  const std::string best = closest_match(word, candidates);
  if (!best.empty()) return fmt::format("; did you mean '{}'?", best);
  if (candidates.empty()) return {};
  return fmt::format("; valid: {}", fmt::join(candidates, ", "));
}

}  // namespace msim::scenario
