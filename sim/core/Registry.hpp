#pragma once
/** @file
 *  @brief What every extension point's registry does with its entries (each has a `name`):
 *         find one by name, list the names in registration order.
 */
#include <string>
#include <string_view>
#include <vector>

namespace msim::core {

/** The entry called `name`, or nullptr. */
template <class Entry>
const Entry* find_named(const std::vector<Entry>& entries, std::string_view name) {
  for (const auto& e : entries)
    if (e.name == name) return &e;
  return nullptr;
}

/** The entries' names, in registration order (the order users see). */
template <class Entry>
std::vector<std::string> names_of(const std::vector<Entry>& entries) {
  std::vector<std::string> names;
  names.reserve(entries.size());
  for (const auto& e : entries) names.push_back(e.name);
  return names;
}

}  // namespace msim::core
