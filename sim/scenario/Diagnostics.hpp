#pragma once
/** @file
 *  @brief Problems found in a scenario, each tied to the place the user wrote it.
 */
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/ScenarioSpec.hpp"

namespace msim::scenario {

struct Diagnostic {
  SourceLocation where;
  std::string message;
  /** "FILE:LINE:COLUMN: message" (or "FILE: message" when the place is unknown). */
  std::string format() const;
};

class Diagnostics {
public:
  void error(SourceLocation where, std::string message) { items_.push_back({std::move(where), std::move(message)}); }
  bool empty() const { return items_.empty(); }
  std::size_t size() const { return items_.size(); }
  const std::vector<Diagnostic>& items() const { return items_; }

private:
  std::vector<Diagnostic> items_;
};

/** Levenshtein distance, for "did you mean ...?". */
std::size_t edit_distance(std::string_view a, std::string_view b);
/** The closest candidate if it is close enough to be a likely typo, else empty. */
std::string closest_match(std::string_view word, std::span<const std::string> candidates);
/** " (did you mean 'x'?)" or " (valid: a, b, c)" for an unknown word. */
std::string suggest(std::string_view word, std::span<const std::string> candidates);

}  // namespace msim::scenario
