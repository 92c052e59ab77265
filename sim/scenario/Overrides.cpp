#include "scenario/Overrides.hpp"

#include "scenario/failures/FailureKind.hpp"

#include <algorithm>
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

Parsed<YAML::Node> parse_injection(const std::string& text) {
  using Result = Parsed<YAML::Node>;
  const std::vector<std::string> KINDS = failure_kind_names();
  std::vector<std::string> words;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = text.find(' ', start);
    const std::string w = text.substr(start, end - start);
    if (!w.empty()) words.push_back(w);
    if (end == std::string::npos) break;
    start = end + 1;
  }
  if (words.empty()) return Result::fail("give a failure, e.g. 'crash zone=b at=5m for=2m'");
  const std::string kind = words.front();
  if (std::find(KINDS.begin(), KINDS.end(), kind) == KINDS.end())
    return Result::fail(fmt::format("'{}': unknown failure kind{}", kind, suggest(kind, KINDS)));
  YAML::Node failure(YAML::NodeType::Map);
  YAML::Node body(YAML::NodeType::Map);
  for (std::size_t i = 1; i < words.size(); ++i) {
    const auto eq = words[i].find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == words[i].size())
      return Result::fail(fmt::format("'{}': write key=value (e.g. at=5m, zone=b)", words[i]));
    const std::string key = words[i].substr(0, eq), value = words[i].substr(eq + 1);
    if (key == "at") failure["at"] = value;
    else if (key == "for" || key == "duration") failure["duration"] = value;
    else body[key] = YAML::Load(value);  // "between=[a,b]" is a list, "3" a number
  }
  if (!failure["at"]) return Result::fail("say when it starts: at=5m");
  failure[kind] = body;
  return Result::ok(failure);
}

bool apply_append(YAML::Node root, const std::string& assignment, Diagnostics& diagnostics) {
  const SourceLocation where{"--set", 0, 0};
  const auto plus = assignment.find("+=");
  const std::string path = assignment.substr(0, plus);
  YAML::Node value;
  try {
    value = YAML::Load(assignment.substr(plus + 2));
  } catch (const YAML::Exception& e) {
    diagnostics.error(where, fmt::format("'{}': the value is not YAML ({})", path, e.msg));
    return false;
  }
  YAML::Node node = root;
  for (const auto& part : split_dots(path)) {
    if (!node.IsMap()) {
      diagnostics.error(where, fmt::format("'{}': '{}' is not a section", path, part));
      return false;
    }
    if (!std::as_const(node)[part]) node[part] = YAML::Node(YAML::NodeType::Sequence);
    node.reset(node[part]);
  }
  if (!node.IsSequence()) {
    diagnostics.error(where, fmt::format("'{}' is not a list: += appends to a list (use = to replace a value)", path));
    return false;
  }
  node.push_back(value);
  return true;
}

bool apply_override(YAML::Node root, const std::string& assignment, Diagnostics& diagnostics) {
  const SourceLocation where{"--set", 0, 0};
  if (const auto plus = assignment.find("+="); plus != std::string::npos && plus < assignment.find('=')) return apply_append(root, assignment, diagnostics);
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
