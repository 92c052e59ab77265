#include "scenario/YamlReader.hpp"

#include <charconv>
#include <map>

#include <fmt/format.h>

#include "scenario/Units.hpp"

namespace msim::scenario {

std::string join_path(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

SourceLocation YamlReader::where(const YAML::Node& node) const {
  const YAML::Mark mark = node.Mark();
  if (mark.line < 0) return SourceLocation{"--set", 0, 0};  // created by a command-line override
  return SourceLocation{file_, mark.line + 1, mark.column + 1};
}

void YamlReader::error(const YAML::Node& node, const std::string& path, const std::string& message) {
  diagnostics_.error(where(node), path.empty() ? message : fmt::format("{}: {}", path, message));
}

bool YamlReader::is_map(const YAML::Node& node, const std::string& path) {
  if (node.IsMap()) return true;
  error(node, path, "expected a mapping of keys to values");
  return false;
}

void YamlReader::check_keys(const YAML::Node& map, const std::string& path, const std::vector<std::string>& allowed) {
  std::vector<std::string> seen;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const std::string key = it->first.Scalar();
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
      diagnostics_.error(where(it->first), fmt::format("{}key '{}' is given twice (only the first would count)", path.empty() ? "" : path + ": ", key));
      continue;
    }
    seen.push_back(key);
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    if (key.find_first_of("=()") != std::string::npos) {
      diagnostics_.error(where(it->first), fmt::format("{}'{}' looks like part of a value that YAML split at a comma inside {{ ... }}: quote the whole value",
                                                       path.empty() ? "" : path + ": ", key));
      continue;
    }
    diagnostics_.error(where(it->first), fmt::format("{}unknown key '{}'{}", path.empty() ? "" : path + ": ", key, suggest(key, allowed)));
  }
}

std::optional<std::string> YamlReader::text(const YAML::Node& node, const std::string& path) {
  if (!node.IsScalar()) {
    error(node, path, "expected a single value");
    return std::nullopt;
  }
  return node.Scalar();
}

std::optional<long long> YamlReader::integer(const YAML::Node& node, const std::string& path, long long min, long long max) {
  const auto s = text(node, path);
  if (!s) return std::nullopt;
  long long v = 0;
  const auto [ptr, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
  if (ec == std::errc::result_out_of_range) {
    error(node, path, fmt::format("{} is out of range (between {} and {})", *s, min, max));
    return std::nullopt;
  }
  if (ec != std::errc{} || ptr != s->data() + s->size()) {
    error(node, path, fmt::format("'{}' is not a whole number", *s));
    return std::nullopt;
  }
  if (v < min || v > max) {
    error(node, path, max == std::numeric_limits<long long>::max() ? fmt::format("{} must be >= {}", v, min)
                                                                   : fmt::format("{} must be between {} and {}", v, min, max));
    return std::nullopt;
  }
  return v;
}

std::optional<double> YamlReader::number(const YAML::Node& node, const std::string& path) {
  const auto s = text(node, path);
  if (!s) return std::nullopt;
  const auto v = parse_number(*s);
  if (!v) error(node, path, fmt::format("'{}' is not a number", *s));
  return v;
}

template <class T>
std::optional<double> YamlReader::parsed(const YAML::Node& node, const std::string& path, T parse) {
  const auto s = text(node, path);
  if (!s) return std::nullopt;
  auto result = parse(*s);
  if (!result) error(node, path, result.error);
  return result.value;
}

std::optional<double> YamlReader::duration(const YAML::Node& node, const std::string& path) { return parsed(node, path, parse_duration); }
std::optional<double> YamlReader::rate(const YAML::Node& node, const std::string& path) { return parsed(node, path, parse_rate); }
std::optional<double> YamlReader::fraction(const YAML::Node& node, const std::string& path) { return parsed(node, path, parse_fraction); }
std::optional<double> YamlReader::cpu(const YAML::Node& node, const std::string& path) { return parsed(node, path, parse_cpu); }
std::optional<double> YamlReader::memory(const YAML::Node& node, const std::string& path) { return parsed(node, path, parse_memory); }

std::optional<core::Distribution> YamlReader::distribution(const YAML::Node& node, const std::string& path, ValueKind kind) {
  const auto s = text(node, path);
  if (!s) return std::nullopt;
  auto result = parse_distribution(*s, kind, base_dir_);
  if (!result) error(node, path, result.error);
  return result.value;
}

std::optional<std::string> YamlReader::choice(const YAML::Node& node, const std::string& path, const std::vector<std::string>& choices) {
  const auto s = text(node, path);
  if (!s) return std::nullopt;
  if (std::find(choices.begin(), choices.end(), *s) != choices.end()) return s;
  const std::string best = closest_match(*s, choices);
  error(node, path, fmt::format("'{}' is not valid{}; valid: {}", *s, best.empty() ? "" : fmt::format(" (did you mean '{}'?)", best),
                                fmt::join(choices, ", ")));
  return std::nullopt;
}

void YamlReader::param(const YAML::Node& v, const std::string& path, const core::ParamSpec& p, core::Params& params) {
  using Kind = core::ParamSpec::Kind;
  switch (p.kind) {
    case Kind::INTEGER:
      if (const auto i = integer(v, path, static_cast<long long>(p.min), static_cast<long long>(p.max))) params.values[p.key] = static_cast<double>(*i);
      return;
    case Kind::FRACTION:
      if (const auto f = fraction(v, path)) params.values[p.key] = *f;
      return;
    case Kind::DURATION:
      if (const auto d = duration(v, path)) {
        if (*d <= 0) error(v, path, "must be > 0");
        else if (*d < p.min) error(v, path, fmt::format("must be at least {}s", p.min));
        else params.values[p.key] = *d;
      }
      return;
    case Kind::DELAY:
      if (const auto d = duration(v, path)) {
        if (*d < 0) error(v, path, "must be >= 0s");
        else params.values[p.key] = *d;
      }
      return;
    case Kind::BOOLEAN:
      if (const auto c = choice(v, path, {"true", "false"})) params.values[p.key] = *c == "true" ? 1 : 0;
      return;
  }
}

void YamlReader::params(const YAML::Node& map, const std::string& path, const std::vector<core::ParamSpec>& specs, core::Params& params,
                        const std::vector<std::string>& also) {
  // The keys of each level: "" is the mapping itself, "a" the mapping under key a.
  std::map<std::string, std::vector<std::string>> keys{{"", also}};
  for (const core::ParamSpec& p : specs) {
    const auto dot = p.key.find('.');
    auto& top = keys[""];
    const std::string first = p.key.substr(0, dot);
    if (std::find(top.begin(), top.end(), first) == top.end()) top.push_back(first);
    if (dot != std::string::npos) keys[first].push_back(p.key.substr(dot + 1));
  }
  check_keys(map, path, keys[""]);
  for (const auto& [group, inner] : keys) {
    if (group.empty()) continue;
    if (const auto& g = map[group]; g && is_map(g, join_path(path, group))) check_keys(g, join_path(path, group), inner);
  }
  for (const core::ParamSpec& p : specs) {
    const auto dot = p.key.find('.');
    if (dot == std::string::npos) {
      if (const auto& v = map[p.key]) param(v, join_path(path, p.key), p, params);
    } else if (const auto& g = map[p.key.substr(0, dot)]; g && g.IsMap()) {
      if (const auto& v = g[p.key.substr(dot + 1)]) param(v, join_path(path, p.key), p, params);
    }
  }
}

}  // namespace msim::scenario
