#include "scenario/FailureLoader.hpp"

#include "scenario/failures/FailureKind.hpp"

#include <fmt/format.h>

namespace msim::scenario {
namespace {

const std::vector<std::string> DISCOVERY_KINDS{"ideal", "kubernetes", "eureka", "consul"};

}  // namespace

void read_discovery(YamlReader& r, const YAML::Node& n, const std::string& path, DiscoverySpec& d) {
  if (n.IsScalar()) {  // shorthand: discovery: eureka
    if (const auto kind = r.choice(n, path, DISCOVERY_KINDS)) d.kind = static_cast<DiscoverySpec::Kind>(std::find(DISCOVERY_KINDS.begin(), DISCOVERY_KINDS.end(), *kind) - DISCOVERY_KINDS.begin());
    return;
  }
  if (!r.is_map(n, path)) return;
  if (const auto& k = n["kind"]) {
    if (const auto kind = r.choice(k, path + ".kind", DISCOVERY_KINDS))
      d.kind = static_cast<DiscoverySpec::Kind>(std::find(DISCOVERY_KINDS.begin(), DISCOVERY_KINDS.end(), *kind) - DISCOVERY_KINDS.begin());
  }
  switch (d.kind) {
    case DiscoverySpec::Kind::IDEAL:
      r.check_keys(n, path, {"kind"});
      break;
    case DiscoverySpec::Kind::KUBERNETES: {
      r.check_keys(n, path, {"kind", "readinessProbe", "propagation"});
      if (const auto& p = n["readinessProbe"]; p && r.is_map(p, path + ".readinessProbe")) {
        const std::string pp = path + ".readinessProbe";
        r.check_keys(p, pp, {"periodSeconds", "failureThreshold", "successThreshold", "initialDelaySeconds"});
        if (const auto& v = p["periodSeconds"]) d.probe_period = SimTime::from_seconds(static_cast<double>(r.integer(v, pp + ".periodSeconds", 1, 86400).value_or(10)));
        if (const auto& v = p["failureThreshold"]) d.failure_threshold = static_cast<int>(r.integer(v, pp + ".failureThreshold", 1, 1000).value_or(3));
        if (const auto& v = p["successThreshold"]) d.success_threshold = static_cast<int>(r.integer(v, pp + ".successThreshold", 1, 1000).value_or(1));
        if (const auto& v = p["initialDelaySeconds"]) d.initial_delay = SimTime::from_seconds(static_cast<double>(r.integer(v, pp + ".initialDelaySeconds", 0, 86400).value_or(0)));
      }
      set_duration(r, n, "propagation", path, d.propagation, false);
      break;
    }
    case DiscoverySpec::Kind::EUREKA:
      r.check_keys(n, path, {"kind", "renewal", "lease", "lease_doubling", "eviction", "response_cache", "fetch"});
      set_duration(r, n, "renewal", path, d.renewal);
      set_duration(r, n, "lease", path, d.lease);
      set_duration(r, n, "eviction", path, d.eviction);
      set_duration(r, n, "response_cache", path, d.response_cache, false);
      set_duration(r, n, "fetch", path, d.fetch);
      if (const auto& v = n["lease_doubling"]) {
        if (const auto c = r.choice(v, path + ".lease_doubling", {"true", "false"})) d.lease_doubling = *c == "true";
      }
      break;
    case DiscoverySpec::Kind::CONSUL:
      r.check_keys(n, path, {"kind", "interval", "timeout", "propagation"});
      set_duration(r, n, "interval", path, d.check_interval);
      set_duration(r, n, "timeout", path, d.check_timeout);
      set_duration(r, n, "propagation", path, d.propagation, false);
      if (d.check_interval < SimTime::from_seconds(1)) r.error(n["interval"], path + ".interval", "Consul's minimum check interval is 1s");
      break;
  }
}

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
