#include "scenario/FailureLoader.hpp"

#include "scenario/failures/FailureKind.hpp"

#include <fmt/format.h>

namespace msim::scenario {

void read_failures(YamlReader& r, const YAML::Node& list, ScenarioSpec& spec) {
  if (!list.IsSequence()) {
    r.error(list, "failures", "expected a list of failures, e.g. [{at: 10m, crash: {service: cart}, duration: 2m}]");
    return;
  }
  const auto kinds = failure_kind_names();
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto& n = list[i];
    const std::string path = fmt::format("failures[{}]", i);
    if (!r.is_map(n, path)) continue;
    FailureSpec f;
    f.where = r.where(n);
    std::vector<std::string> present;
    for (const auto& k : kinds)
      if (n[k]) present.push_back(k);
    if (present.size() != 1) {
      r.error(n, path, present.empty() ? fmt::format("say what fails: one of {}", fmt::join(kinds, ", "))
                                       : fmt::format("one failure per entry; found {}", fmt::join(present, " and ")));
      continue;
    }
    const FailureKind& kind = *find_failure_kind(present[0]);
    f.kind = kind.name;
    r.check_keys(n, path, kind.scheduled ? std::vector<std::string>{"at", kind.name, "duration"} : std::vector<std::string>{kind.name});
    if (kind.scheduled) {
      if (!n["at"]) r.error(n, path, "missing 'at': when the failure starts (e.g. at: 10m)");
      else set_duration(r, n, "at", path, f.at, false);
      if (const auto& d = n["duration"]) {
        if (const auto s = r.duration(d, path + ".duration")) {
          if (*s <= 0) r.error(d, path + ".duration", "must be > 0");
          else f.duration = SimTime::from_seconds(*s);
        }
      }
    }
    const auto& body = n[kind.name];
    const std::string bp = path + "." + kind.name;
    if (!r.is_map(body, bp)) continue;
    kind.read(r, body, bp, f);
    spec.failures.push_back(std::move(f));
  }
}

void check_failure_targets(const ScenarioSpec& spec, Diagnostics& diagnostics) {
  std::vector<std::string> services, pools, nodes;
  for (const auto& s : spec.services) services.push_back(s.name);
  for (const auto& p : spec.cluster.pools) {
    pools.push_back(p.name);
    for (int i = 0; i < p.nodes; ++i) nodes.push_back(fmt::format("{}-{}", p.name, i));
  }
  auto known = [](const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); };
  auto check = [&](const FailureSpec& f, const std::string& name, const std::vector<std::string>& valid, const char* what) {
    if (!name.empty() && !known(valid, name))
      diagnostics.error(f.where, fmt::format("failures: unknown {} '{}'{}", what, name, suggest(name, valid)));
  };
  for (const auto& f : spec.failures) {
    check(f, f.service, services, "service");
    for (const auto& s : f.services) check(f, s, services, "service");
    check(f, f.zone, spec.cluster.zones, "zone");
    check(f, f.pool, pools, "pool");
    if (!f.node.empty()) {
      if (pools.empty()) diagnostics.error(f.where, "failures: crashing a node needs node pools (cluster.pools); nodes are named <pool>-<index>");
      else check(f, f.node, nodes, "node");
    }
    if (!f.from.empty()) {
      const bool zones = known(spec.cluster.zones, f.from) && known(spec.cluster.zones, f.to);
      const bool svcs = known(services, f.from) && known(services, f.to);
      if (!zones && !svcs)
        diagnostics.error(f.where, fmt::format("failures: '{}' and '{}' must both be services ({}) or both zones ({})", f.from, f.to,
                                               fmt::join(services, ", "), fmt::join(spec.cluster.zones, ", ")));
    }
  }
}

}  // namespace msim::scenario
