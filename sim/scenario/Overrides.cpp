#include "scenario/Overrides.hpp"

#include <charconv>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace msim::scenario {
namespace {

std::vector<std::string> split_dots(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const auto dot = path.find('.', start);
    parts.push_back(path.substr(start, dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return parts;
}

std::vector<std::string> keys_of(const YAML::Node& map) {
  std::vector<std::string> keys;
  for (auto it = map.begin(); it != map.end(); ++it) keys.push_back(it->first.Scalar());
  return keys;
}

}  // namespace

bool apply_override(YAML::Node root, const std::string& assignment, Diagnostics& diagnostics) {
  const SourceLocation where{"--set", 0, 0};
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0) {
    diagnostics.error(where, fmt::format("'{}': expected dotted.key=value (e.g. services.backend.replicas=4)", assignment));
    return false;
  }
  const std::string path = assignment.substr(0, eq);
  const std::string value = assignment.substr(eq + 1);
  const auto parts = split_dots(path);
  YAML::Node node = root;
  std::string walked;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& part = parts[i];
    const bool last = i + 1 == parts.size();
    if (part.empty()) {
      diagnostics.error(where, fmt::format("'{}': empty key in the path", path));
      return false;
    }
    if (node.IsSequence()) {
      std::size_t index = node.size();
      std::size_t parsed = 0;
      const auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), parsed);
      if (ec == std::errc{} && ptr == part.data() + part.size()) {
        index = parsed;
      } else {
        for (std::size_t k = 0; k < node.size(); ++k) {
          const YAML::Node element = std::as_const(node)[k];
          if (element.IsMap() && element["name"] && element["name"].Scalar() == part) index = k;
        }
      }
      if (index >= node.size()) {
        diagnostics.error(where, fmt::format("'{}': '{}' has no element '{}' (give an index below {} or an element's name)",
                                             path, walked, part, node.size()));
        return false;
      }
      if (last) {
        node[index] = YAML::Node(value);
        return true;
      }
      node.reset(node[index]);
    } else if (node.IsMap()) {
      const YAML::Node existing = std::as_const(node)[part];  // const lookup: adds no key
      if (last) {
        if (existing && !existing.IsScalar()) {
          diagnostics.error(where, fmt::format("'{}' is a section, not a single value; set one of its keys", path));
          return false;
        }
        node[part] = YAML::Node(value);
        return true;
      }
      if (!existing) {
        // Probably a typo of an existing key (a service's name, say): say so. Otherwise create a
        // new section; validation then checks its name like any other key.
        const auto keys = keys_of(node);
        if (!closest_match(part, keys).empty()) {
          diagnostics.error(where, fmt::format("'{}': '{}' has no key '{}'{}", path, walked.empty() ? "the scenario" : walked, part,
                                               suggest(part, keys)));
          return false;
        }
        node[part] = YAML::Node(YAML::NodeType::Map);
      }
      node.reset(node[part]);
    } else {
      diagnostics.error(where, fmt::format("'{}': '{}' is a single value and has no key '{}'", path, walked, part));
      return false;
    }
    walked = walked.empty() ? part : walked + "." + part;
  }
  return true;
}

}  // namespace msim::scenario
