#include "scenario/FailureLoader.hpp"

#include <fmt/format.h>

namespace msim::scenario {
namespace {

const std::vector<std::string> DISCOVERY_KINDS{"ideal", "kubernetes", "eureka", "consul"};

void set_duration(YamlReader& r, const YAML::Node& map, const char* key, const std::string& path, SimTime& out, bool positive = true) {
  if (const auto& v = map[key]) {
    if (const auto d = r.duration(v, join_path(path, key))) {
      if (positive && *d <= 0) r.error(v, join_path(path, key), "must be > 0");
      else out = SimTime::from_seconds(*d);
    }
  }
}

// A plain duration means an exponential distribution with that mean (the usual availability model).
std::optional<Distribution> mean_time(YamlReader& r, const YAML::Node& v, const std::string& path) {
  if (v.IsScalar() && v.Scalar().find('(') == std::string::npos) {
    const auto d = r.duration(v, path);
    if (!d) return std::nullopt;
    if (*d <= 0) {
      r.error(v, path, "must be > 0");
      return std::nullopt;
    }
    return Distribution::exponential(*d);
  }
  return r.distribution(v, path, ValueKind::DURATION);
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
  static const std::vector<std::string> kinds{"crash", "slowdown", "errors", "latency", "partition", "random", "chaos_monkey"};
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
    const std::string kind = present[0];
    f.kind = static_cast<FailureSpec::Kind>(std::find(kinds.begin(), kinds.end(), kind) - kinds.begin());
    const bool scheduled = f.kind != FailureSpec::Kind::RANDOM && f.kind != FailureSpec::Kind::CHAOS_MONKEY;
    r.check_keys(n, path, scheduled ? std::vector<std::string>{"at", kind, "duration"} : std::vector<std::string>{kind});
    if (scheduled) {
      if (!n["at"]) r.error(n, path, "missing 'at': when the failure starts (e.g. at: 10m)");
      else set_duration(r, n, "at", path, f.at, false);
      if (const auto& d = n["duration"]) {
        if (const auto s = r.duration(d, path + ".duration")) {
          if (*s <= 0) r.error(d, path + ".duration", "must be > 0");
          else f.duration = SimTime::from_seconds(*s);
        }
      }
    }
    const auto& body = n[kind];
    const std::string bp = path + "." + kind;
    if (!r.is_map(body, bp)) continue;
    auto text = [&](const char* key) { return body[key] ? r.text(body[key], join_path(bp, key)).value_or("") : std::string(); };
    switch (f.kind) {
      case FailureSpec::Kind::CRASH:
        r.check_keys(body, bp, {"service", "instances", "node", "zone", "reset"});
        if (const auto& v = body["reset"]) {  // false: the instances hang (no reset), callers wait for their connect timeout
          if (const auto c = r.choice(v, bp + ".reset", {"true", "false"})) f.unreachable = *c == "false";
        }
        f.service = text("service");
        f.node = text("node");
        f.zone = text("zone");
        if ((f.service.empty() ? 0 : 1) + (f.node.empty() ? 0 : 1) + (f.zone.empty() ? 0 : 1) != 1)
          r.error(body, bp, "crash one of: a service's instances {service: cart, instances: 2}, a node {node: general-0} or a zone {zone: b}");
        if (body["reset"] && f.service.empty())
          r.error(body["reset"], bp + ".reset", "'reset' goes with 'service': the instances of a crashed node or zone never reset");
        if (const auto& v = body["instances"]) {
          if (f.service.empty()) r.error(v, bp + ".instances", "'instances' goes with 'service'");
          f.instances = static_cast<int>(r.integer(v, bp + ".instances", 1, 1000000).value_or(1));
        }
        break;
      case FailureSpec::Kind::SLOWDOWN:
        r.check_keys(body, bp, {"service", "factor"});
        f.service = text("service");
        if (f.service.empty()) r.error(body, bp, "missing 'service'");
        if (const auto& v = body["factor"]) {
          f.factor = r.number(v, bp + ".factor").value_or(1);
          if (f.factor <= 0) r.error(v, bp + ".factor", "must be > 0 (2 = twice as slow)");
        } else {
          r.error(body, bp, "missing 'factor' (e.g. factor: 3 for three times slower)");
        }
        break;
      case FailureSpec::Kind::ERRORS:
        r.check_keys(body, bp, {"service", "rate"});
        f.service = text("service");
        if (f.service.empty()) r.error(body, bp, "missing 'service'");
        if (const auto& v = body["rate"]) f.error_rate = r.fraction(v, bp + ".rate").value_or(0);
        else r.error(body, bp, "missing 'rate': the share of responses that fail (e.g. rate: 20%)");
        break;
      case FailureSpec::Kind::LATENCY:
      case FailureSpec::Kind::PARTITION: {
        const bool latency = f.kind == FailureSpec::Kind::LATENCY;
        r.check_keys(body, bp, latency ? std::vector<std::string>{"between", "add"} : std::vector<std::string>{"between"});
        if (const auto& b = body["between"]) {
          const auto names = names_list(r, b, bp + ".between");
          if (names.size() != 2) r.error(b, bp + ".between", "name exactly two services or two zones");
          else {
            f.from = names[0];
            f.to = names[1];
          }
        } else {
          r.error(body, bp, "missing 'between': two services or two zones, e.g. between: [frontend, db]");
        }
        if (latency) {
          if (body["add"]) set_duration(r, body, "add", bp, f.added_latency);
          else r.error(body, bp, "missing 'add': the latency added to each hop (e.g. add: 50ms)");
        }
        break;
      }
      case FailureSpec::Kind::RANDOM:
        r.check_keys(body, bp, {"service", "pool", "mttf", "mttr"});
        f.service = text("service");
        f.pool = text("pool");
        f.random_nodes = !f.pool.empty();
        if (f.service.empty() == f.pool.empty()) r.error(body, bp, "give 'service' (its instances fail) or 'pool' (its nodes fail)");
        if (const auto& v = body["mttf"]) f.time_to_failure = mean_time(r, v, bp + ".mttf").value_or(f.time_to_failure);
        else r.error(body, bp, "missing 'mttf': mean time to failure (e.g. mttf: 6h)");
        if (const auto& v = body["mttr"]) f.time_to_repair = mean_time(r, v, bp + ".mttr").value_or(f.time_to_repair);
        else r.error(body, bp, "missing 'mttr': mean time to repair (e.g. mttr: exponential(3m))");
        break;
      case FailureSpec::Kind::CHAOS_MONKEY:
        r.check_keys(body, bp, {"interval", "services", "recover"});
        if (const auto& v = body["interval"]) f.interval = r.distribution(v, bp + ".interval", ValueKind::DURATION).value_or(f.interval);
        if (const auto& v = body["services"]) f.services = names_list(r, v, bp + ".services");
        f.time_to_repair = Distribution::constant(60);
        if (const auto& v = body["recover"]) f.time_to_repair = r.distribution(v, bp + ".recover", ValueKind::DURATION).value_or(f.time_to_repair);
        if (f.interval.mean() <= 0) r.error(body, bp + ".interval", "must be > 0");
        break;
    }
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
