#include "scenario/BalancerLoader.hpp"

namespace msim::scenario {

const std::vector<std::string>& balancer_policy_names() {
  static const std::vector<std::string> names{"round_robin", "weighted_round_robin", "random", "least_outstanding",
                                              "least_request", "ring_hash", "maglev", "peak_ewma"};
  return names;
}

BalancerSpec read_balancer(YamlReader& r, const YAML::Node& n, const std::string& path) {
  BalancerSpec b;
  const auto& names = balancer_policy_names();
  auto policy = [&](const YAML::Node& v, const std::string& p) {
    if (const auto c = r.choice(v, p, names)) b.policy = static_cast<BalancerKind>(std::find(names.begin(), names.end(), *c) - names.begin());
  };
  if (n.IsScalar()) {
    policy(n, path);
    return b;
  }
  if (!r.is_map(n, path)) return b;
  r.check_keys(n, path, {"policy", "placement", "weights", "choiceCount", "keys", "pointsPerInstance", "decay", "nextUpstream", "passiveHealth"});
  if (const auto& v = n["policy"]) policy(v, path + ".policy");
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
  if (const auto& v = n["choiceCount"]) b.choice_count = static_cast<int>(r.integer(v, path + ".choiceCount", 1, 100).value_or(2));
  if (const auto& v = n["keys"]) b.keys = static_cast<std::uint64_t>(r.integer(v, path + ".keys", 1, 1LL << 40).value_or(0));
  if (const auto& v = n["pointsPerInstance"]) b.points_per_instance = static_cast<int>(r.integer(v, path + ".pointsPerInstance", 1, 100000).value_or(160));
  if (const auto& v = n["decay"]) {
    if (const auto d = r.duration(v, path + ".decay")) {
      if (*d <= 0) r.error(v, path + ".decay", "must be > 0");
      else b.decay = SimTime::from_seconds(*d);
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
