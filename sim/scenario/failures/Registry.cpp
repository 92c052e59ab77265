#include "scenario/failures/FailureKind.hpp"
#include "core/Registry.hpp"

namespace msim::scenario {

// The registration list: one line per kind, each defined by `FailureKind <name>_failure()` in its
// own file of this folder (and its effect by model/faults/). Order is the order users see.
#define MSIM_FAILURE_KINDS(X) \
  X(crash)                    \
  X(slowdown)                 \
  X(errors)                   \
  X(latency)                  \
  X(partition)                \
  X(random)                   \
  X(chaos_monkey)             \
  /* end of the list */

#define MSIM_DECLARE(name) FailureKind name##_failure();
MSIM_FAILURE_KINDS(MSIM_DECLARE)
#undef MSIM_DECLARE

const std::vector<FailureKind>& failure_kinds() {
#define MSIM_ENTRY(name) name##_failure(),
  static const std::vector<FailureKind> entries{MSIM_FAILURE_KINDS(MSIM_ENTRY)};
#undef MSIM_ENTRY
  return entries;
}

const FailureKind* find_failure_kind(std::string_view name) { return core::find_named(failure_kinds(), name); }

std::vector<std::string> failure_kind_names() { return core::names_of(failure_kinds()); }

std::string text_of(YamlReader& r, const YAML::Node& body, const char* key, const std::string& path) {
  return body[key] ? r.text(body[key], join_path(path, key)).value_or("") : std::string();
}

std::vector<std::string> names_list(YamlReader& r, const YAML::Node& v, const std::string& path) {
  std::vector<std::string> names;
  if (!v.IsSequence()) {
    r.error(v, path, "expected a list of names, e.g. [cart, catalog]");
    return names;
  }
  for (const auto& item : v)
    if (const auto t = r.text(item, path)) names.push_back(*t);
  return names;
}

std::optional<core::Distribution> mean_time(YamlReader& r, const YAML::Node& v, const std::string& path) {
  if (v.IsScalar() && v.Scalar().find('(') == std::string::npos) {
    const auto d = r.duration(v, path);
    if (!d) return std::nullopt;
    if (*d <= 0) {
      r.error(v, path, "must be > 0");
      return std::nullopt;
    }
    return core::Distribution::exponential(*d);
  }
  return r.distribution(v, path, ValueKind::DURATION);
}

void set_duration(YamlReader& r, const YAML::Node& map, const char* key, const std::string& path, core::SimTime& out, bool positive) {
  if (const auto& v = map[key]) {
    if (const auto d = r.duration(v, join_path(path, key))) {
      if (positive && *d <= 0) r.error(v, join_path(path, key), "must be > 0");
      else out = core::SimTime::from_seconds(*d);
    }
  }
}

}  // namespace msim::scenario
