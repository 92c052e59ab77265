#include "scenario/BalancerLoader.hpp"

#include <algorithm>

#include "balancing/BalancingPolicy.hpp"

namespace msim::scenario {

namespace {

// Keys every policy takes; a policy's own keys come from its registry entry.
const std::vector<std::string> SHARED_KEYS{"policy", "placement", "weights", "nextUpstream", "passiveHealth"};

/** The policy that declares `key`, if any (for "choiceCount is a parameter of least_request"). */
const balancing::PolicyEntry* owner_of(const std::string& key) {
  for (const auto& e : balancing::policies())
    for (const auto& p : e.params)
      if (p.key == key) return &e;
  return nullptr;
}

}  // namespace

BalancerSpec read_balancer(YamlReader& r, const YAML::Node& n, const std::string& path) {
  BalancerSpec b;
  const auto names = balancing::policy_names();
  auto policy = [&](const YAML::Node& v, const std::string& p) {
    if (const auto c = r.choice(v, p, names)) b.policy = *c;
  };
  if (n.IsScalar()) {
    policy(n, path);
    return b;
  }
  if (!r.is_map(n, path)) return b;
  if (const auto& v = n["policy"]) policy(v, path + ".policy");
  const balancing::PolicyEntry& entry = *balancing::find_policy(b.policy);
  std::vector<std::string> keys = SHARED_KEYS;
  for (const auto& p : entry.params) keys.push_back(p.key);
  std::vector<std::string> others;  // another policy's parameters: say whose they are
  for (const auto& kv : n) {
    const auto key = kv.first.as<std::string>("");
    if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
    if (const auto* other = owner_of(key)) {
      r.error(kv.first, join_path(path, key), key + " is a parameter of policy " + other->name + ", not of " + entry.name);
      others.push_back(key);
    }
  }
  keys.insert(keys.end(), others.begin(), others.end());  // reported once, above
  r.check_keys(n, path, keys);
  for (const auto& p : entry.params)
    if (const auto& v = n[p.key]) r.param(v, join_path(path, p.key), p, b.params);
  if (const auto& v = n["placement"]) {
    if (const auto c = r.choice(v, path + ".placement", {"client", "proxy"})) b.proxy = *c == "proxy";
  }
  if (const auto& v = n["weights"]) {
    if (!v.IsSequence()) r.error(v, path + ".weights", "expected a list of weights, one per instance, e.g. [3, 1, 1]");
    else
      for (std::size_t i = 0; i < v.size(); ++i) {
        const double w = r.number(v[i], path + ".weights").value_or(1);
        if (w < 0) r.error(v[i], path + ".weights", "a weight cannot be negative");
        b.weights.push_back(w);
      }
  }
  if (const auto& v = n["nextUpstream"]; v && r.is_map(v, path + ".nextUpstream")) {
    r.check_keys(v, path + ".nextUpstream", {"tries"});
    b.next_upstream_tries = v["tries"] ? static_cast<int>(r.integer(v["tries"], path + ".nextUpstream.tries", 1, 100).value_or(2)) : 2;
  }
  if (const auto& v = n["passiveHealth"]; v && r.is_map(v, path + ".passiveHealth")) {
    r.check_keys(v, path + ".passiveHealth", {"maxFails", "failTimeout"});
    b.max_fails = v["maxFails"] ? static_cast<int>(r.integer(v["maxFails"], path + ".passiveHealth.maxFails", 1, 1000000).value_or(1)) : 1;
    if (const auto& t = v["failTimeout"]) {
      if (const auto d = r.duration(t, path + ".passiveHealth.failTimeout")) {
        if (*d <= 0) r.error(t, path + ".passiveHealth.failTimeout", "must be > 0");
        else b.fail_timeout = SimTime::from_seconds(*d);
      }
    }
  }
  return b;
}

}  // namespace msim::scenario
