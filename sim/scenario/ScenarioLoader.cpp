#include "scenario/ScenarioLoader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <regex>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>

#include "scenario/AutoscalerLoader.hpp"
#include "scenario/BalancerLoader.hpp"
#include "scenario/DistributionText.hpp"
#include "scenario/DiscoveryLoader.hpp"
#include "scenario/FailureLoader.hpp"
#include "scenario/FunctionText.hpp"
#include "scenario/InputFile.hpp"
#include "scenario/ResilienceLoader.hpp"
#include "scenario/RolloutLoader.hpp"
#include "scenario/Overrides.hpp"
#include "scenario/ServiceGraph.hpp"
#include "scenario/SpecChecks.hpp"
#include "scenario/WorkloadLoader.hpp"
#include "scenario/Sha256.hpp"
#include "scenario/YamlReader.hpp"

namespace msim::scenario {
namespace {

const std::vector<std::string> TOP_KEYS{"name", "description", "seed", "duration", "warmup", "metrics", "tracing", "slo",
                                        "cluster", "services", "workload", "failures"};
const std::vector<std::string> SERVICE_KEYS{"replicas", "workers", "queue", "discipline", "threading", "resources", "balancer",
                                            "discovery", "autoscaler", "startup", "terminationGracePeriod", "endpoints",
                                            "rollout", "disruptionBudget"};
const std::vector<std::string> CALL_KEYS{"call", "probability", "count", "timeout", "retries", "circuitBreaker", "bulkhead",
                                         "protocol", "overhead"};
const std::vector<std::string> PROTOCOLS{"rest", "grpc"};

// The key node of `key` in `map` (its place in the file), or the map itself.
YAML::Node key_node(const YAML::Node& map, const std::string& key) {
  for (auto it = map.begin(); it != map.end(); ++it)
    if (it->first.Scalar() == key) return it->first;
  return map;
}

// "2KiB", "512B", "1.5kB", "2Ki", "2048": bytes.
Parsed<double> parse_bytes(std::string_view text) {
  std::string t(trim(text));
  const auto hint = "use bytes, e.g. 512B, 2KiB, 1.5MiB or 1MB";
  if (!t.empty() && t.back() == 'B') t.pop_back();
  if (!t.empty() && t.back() == 'K') t.back() = 'k';  // "KB"
  auto v = parse_memory(t);
  if (!v) return Parsed<double>::fail(fmt::format("'{}' is not a size in bytes; {}", trim(text), hint));
  return v;
}

// "10Gbit/s", "10Gbps", "100Mbit/s", "1.25GB/s": bytes per second.
Parsed<double> parse_bandwidth(std::string_view text) {
  const std::string t(trim(text));
  const auto hint = "a bandwidth looks like 10Gbit/s, 100Mbit/s, 25Gbps or 1.25GB/s";
  static const std::regex form(R"(([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*([kKMGT]?)(bit/s|bps|B/s))");
  std::smatch m;
  if (!std::regex_match(t, m, form)) return Parsed<double>::fail(fmt::format("'{}' is not a bandwidth; {}", t, hint));
  double v = std::stod(m[1].str());
  const std::string prefix = m[2].str();
  if (prefix == "k" || prefix == "K") v *= 1e3;
  else if (prefix == "M") v *= 1e6;
  else if (prefix == "G") v *= 1e9;
  else if (prefix == "T") v *= 1e12;
  if (m[3].str() != "B/s") v /= 8;
  if (!(v > 0) || !std::isfinite(v)) return Parsed<double>::fail(fmt::format("'{}': a bandwidth must be > 0", t));
  return Parsed<double>::ok(v);
}

/** Walks the YAML tree of one scenario and fills a ScenarioSpec. */
class Loader {
public:
  Loader(YamlReader& reader, Diagnostics& diagnostics) : r_(reader), diagnostics_(diagnostics) {}

  void read(const YAML::Node& root, ScenarioSpec& spec) {
    if (!r_.is_map(root, "")) return;
    r_.check_keys(root, "", TOP_KEYS);
    if (const auto& n = root["name"]) {
      // The name becomes the default results folder: keep it a plain file name.
      static const std::regex safe("[A-Za-z0-9_][A-Za-z0-9._-]{0,99}");
      const auto name = r_.text(n, "name");
      if (name && !std::regex_match(*name, safe))
        r_.error(n, "name", fmt::format("'{}' is not a valid name: letters, digits, '.', '_' and '-' (at most 100, not starting with '.' or '-')", *name));
      else if (name) spec.name = *name;
    }
    if (const auto& n = root["description"]) spec.description = r_.text(n, "description").value_or("");
    if (const auto& n = root["seed"]) {
      if (const auto s = r_.text(n, "seed")) {
        std::uint64_t seed = 0;
        const auto [ptr, ec] = std::from_chars(s->data(), s->data() + s->size(), seed);
        if (ec != std::errc{} || ptr != s->data() + s->size()) r_.error(n, "seed", fmt::format("'{}' is not a whole number >= 0", *s));
        else spec.seed = seed;
      }
    }
    if (const auto& n = root["duration"]) {
      if (const auto d = r_.duration(n, "duration")) {
        if (*d <= 0) r_.error(n, "duration", "must be > 0");
        else spec.duration = SimTime::from_seconds(*d);
      }
    }
    if (const auto& n = root["warmup"]; n && n.IsScalar() && n.Scalar() == "auto") {
      spec.warmup_auto = true;
    } else if (n) {
      if (const auto d = r_.duration(n, "warmup")) {
        spec.warmup = SimTime::from_seconds(*d);
        if (spec.warmup >= spec.duration) r_.error(n, "warmup", "must be shorter than duration");
      }
    }
    if (const auto& n = root["metrics"]; n && r_.is_map(n, "metrics")) {
      r_.check_keys(n, "metrics", {"interval"});
      if (const auto& i = n["interval"]) {
        if (const auto d = r_.duration(i, "metrics.interval")) {
          if (*d < 1e-3) r_.error(i, "metrics.interval", "must be at least 1ms");
          else spec.metrics_interval = SimTime::from_seconds(*d);
        }
      }
    }
    if (const auto& n = root["slo"]; n && r_.is_map(n, "slo")) {
      r_.check_keys(n, "slo", {"latency"});
      if (const auto& l = n["latency"]) {
        // "p99 < 250ms": a percentile and its objective.
        static const std::regex form(R"(\s*p(\d+(?:\.\d+)?)\s*<=?\s*(.+))");
        std::smatch m;
        const std::string text = r_.text(l, "slo.latency").value_or("");
        if (!std::regex_match(text, m, form)) {
          r_.error(l, "slo.latency", fmt::format("'{}' is not an objective; write it as p99 < 250ms", text));
        } else {
          const double q = std::stod(m[1].str());
          auto d = parse_duration(m[2].str());
          if (q <= 0 || q >= 100) r_.error(l, "slo.latency", "the percentile must lie between 0 and 100 (e.g. p99)");
          else if (!d || *d.value <= 0) r_.error(l, "slo.latency", d ? "the objective must be > 0" : d.error);
          else {
            spec.slo_quantile = q / 100;
            spec.slo_latency = SimTime::from_seconds(*d.value);
          }
        }
      }
    }
    if (const auto& n = root["tracing"]; n && r_.is_map(n, "tracing")) {
      r_.check_keys(n, "tracing", {"sample"});
      if (const auto& s = n["sample"]) spec.trace_sample = r_.fraction(s, "tracing.sample").value_or(0);
    }
    if (const auto& n = root["cluster"]) read_cluster(n, spec);
    if (spec.cluster.zones.empty()) spec.cluster.zones.push_back("default");

    const auto& services = root["services"];
    if (!services) diagnostics_.error(r_.where(root), "missing 'services': a scenario needs at least one service");
    else if (services.IsNull()) r_.error(key_node(root, "services"), "services", "is empty: a scenario needs at least one service");
    else if (!services.IsNull() && r_.is_map(services, "services")) {
      if (services.size() == 0) r_.error(services, "services", "needs at least one service");
      for (auto it = services.begin(); it != services.end(); ++it) {
        if (!service_names_.insert(it->first.Scalar()).second) {
          r_.error(it->first, "services", fmt::format("service '{}' is defined twice", it->first.Scalar()));
          continue;
        }
        read_service(it->first, it->second, spec);
      }
    }
    if (const auto& f = root["failures"]) read_failures(r_, f, spec);
    const auto& workload = root["workload"];
    if (!workload) diagnostics_.error(r_.where(root), "missing 'workload': say what traffic arrives (e.g. workload: [{name: users, rate: 100/s, call: frontend.get}])");
    else if (!workload.IsSequence() || workload.size() == 0)
      r_.error(workload.IsNull() ? key_node(root, "workload") : workload, "workload", "expected a list of workload entries");
    else {
      for (std::size_t i = 0; i < workload.size(); ++i) read_workload(r_, workload[i], fmt::format("workload[{}]", i), spec);
    }
  }

private:
  void read_cluster(const YAML::Node& n, ScenarioSpec& spec) {
    ClusterSpec& cluster = spec.cluster;
    NetworkSpec& network = spec.network;
    if (!r_.is_map(n, "cluster")) return;
    r_.check_keys(n, "cluster", {"zones", "pools", "network", "discovery", "pricePerCoreHour", "scheduler"});
    if (const auto& s = n["scheduler"]) {
      if (const auto c = r_.choice(s, "cluster.scheduler", {"spread", "binpack", "least_allocated"}))
        cluster.scheduler = *c == "spread" ? ClusterSpec::Scheduler::SPREAD : *c == "binpack" ? ClusterSpec::Scheduler::BINPACK
                                                                                             : ClusterSpec::Scheduler::LEAST_ALLOCATED;
    }
    if (const auto& p = n["pricePerCoreHour"]) {
      spec.price_per_core_hour = r_.number(p, "cluster.pricePerCoreHour").value_or(0.04);
      if (spec.price_per_core_hour < 0) r_.error(p, "cluster.pricePerCoreHour", "cannot be negative");
    }
    if (const auto& d = n["discovery"]) read_discovery(r_, d, "cluster.discovery", spec.discovery);
    if (const auto& z = n["zones"]) {
      if (!z.IsSequence()) r_.error(z, "cluster.zones", "expected a list of zone names, e.g. [a, b, c]");
      else
        for (std::size_t i = 0; i < z.size(); ++i)
          if (const auto name = r_.text(z[i], "cluster.zones")) {
            if (std::find(cluster.zones.begin(), cluster.zones.end(), *name) != cluster.zones.end())
              r_.error(z[i], "cluster.zones", fmt::format("zone '{}' is listed twice", *name));
            else cluster.zones.push_back(*name);
          }
    }
    if (cluster.zones.empty()) cluster.zones.push_back("default");
    if (const auto& pools = n["pools"]; pools && r_.is_map(pools, "cluster.pools")) {
      for (auto it = pools.begin(); it != pools.end(); ++it) {
        NodePoolSpec pool;
        pool.name = it->first.Scalar();
        const std::string path = join_path("cluster.pools", pool.name);
        const YAML::Node p = it->second;  // a copy: it-> returns a temporary proxy
        if (!r_.is_map(p, path)) continue;
        r_.check_keys(p, path, {"nodes", "cpu", "memory", "zones", "price", "autoscaling", "provisioning"});
        if (const auto& v = p["price"]) pool.price_per_second = r_.rate(v, path + ".price").value_or(0);  // "0.38/h"
        if (const auto& v = p["provisioning"]) {
          if (const auto d = r_.duration(v, path + ".provisioning")) pool.provisioning = SimTime::from_seconds(*d);
        }
        if (const auto& a = p["autoscaling"]; a && r_.is_map(a, path + ".autoscaling")) {
          r_.check_keys(a, path + ".autoscaling", {"min", "max", "scaleDownDelay", "scaleDownUtilization"});
          if (const auto& u = a["scaleDownUtilization"]) pool.scale_down_utilization = r_.fraction(u, path + ".autoscaling.scaleDownUtilization").value_or(0.5);
          pool.autoscaled = true;
          pool.min_nodes = a["min"] ? static_cast<int>(r_.integer(a["min"], path + ".autoscaling.min", 0, 100000).value_or(0)) : 0;
          pool.max_nodes = a["max"] ? static_cast<int>(r_.integer(a["max"], path + ".autoscaling.max", 1, 100000).value_or(1)) : 100;
          if (const auto& d = a["scaleDownDelay"]) {
            if (const auto s = r_.duration(d, path + ".autoscaling.scaleDownDelay")) pool.scale_down_delay = SimTime::from_seconds(*s);
          }
          if (pool.max_nodes < pool.min_nodes) r_.error(a, path + ".autoscaling", "max is below min");
        }
        if (const auto& v = p["nodes"]) pool.nodes = static_cast<int>(r_.integer(v, path + ".nodes", 0, 1000000).value_or(1));
        if (const auto& v = p["cpu"]) pool.cpu = r_.cpu(v, path + ".cpu").value_or(pool.cpu);
        if (const auto& v = p["memory"]) pool.memory = r_.memory(v, path + ".memory").value_or(pool.memory);
        if (const auto& z = p["zones"]) {
          if (!z.IsSequence()) r_.error(z, path + ".zones", "expected a list of zone names");
          else
            for (std::size_t i = 0; i < z.size(); ++i) {
              const auto name = r_.text(z[i], path + ".zones");
              if (!name) continue;
              if (std::find(cluster.zones.begin(), cluster.zones.end(), *name) == cluster.zones.end())
                r_.error(z[i], path + ".zones", fmt::format("unknown zone '{}'{}", *name, suggest(*name, cluster.zones)));
              else pool.zones.push_back(*name);
            }
        }
        if (pool.autoscaled && (pool.nodes < pool.min_nodes || pool.nodes > pool.max_nodes))
          r_.error(p, path, fmt::format("nodes ({}) must lie between autoscaling.min ({}) and max ({})", pool.nodes, pool.min_nodes, pool.max_nodes));
        cluster.pools.push_back(std::move(pool));
      }
    }
    if (const auto& net = n["network"]; net && r_.is_map(net, "cluster.network")) {
      r_.check_keys(net, "cluster.network", {"latency", "cross_zone", "connect_timeout", "bandwidth"});
      if (const auto& b = net["bandwidth"]) {
        if (const auto t = r_.text(b, "cluster.network.bandwidth")) {
          auto v = parse_bandwidth(*t);
          if (!v) r_.error(b, "cluster.network.bandwidth", v.error);
          else network.bandwidth = *v.value;
        }
      }
      if (const auto& c = net["connect_timeout"]) {
        if (const auto d = r_.duration(c, "cluster.network.connect_timeout")) {
          if (*d <= 0) r_.error(c, "cluster.network.connect_timeout", "must be > 0");
          else network.connect_timeout = SimTime::from_seconds(*d);
        }
      }
      if (const auto& l = net["latency"]) network.latency = r_.distribution(l, "cluster.network.latency", ValueKind::DURATION);
      if (const auto& c = net["cross_zone"]) {
        std::string s = r_.text(c, "cluster.network.cross_zone").value_or("0s");
        if (!s.empty() && s.front() == '+') s.erase(0, 1);
        auto d = parse_duration(s);
        if (!d) r_.error(c, "cluster.network.cross_zone", d.error);
        else network.cross_zone = SimTime::from_seconds(*d.value);
      }
    }
  }

  void read_service(const YAML::Node& key, const YAML::Node& n, ScenarioSpec& spec) {
    ServiceSpec svc;
    svc.name = key.Scalar();
    svc.where = r_.where(key);
    const std::string path = join_path("services", svc.name);
    if (!valid_service_name(svc.name))
      r_.error(key, path, "a service name is a DNS label: lowercase letters, digits and '-', at most 63 characters (e.g. 'cart', 'user-db')");
    if (!r_.is_map(n, path)) return;
    std::vector<std::string> keys = SERVICE_KEYS;
    keys.insert(keys.end(), service_resilience_keys().begin(), service_resilience_keys().end());
    r_.check_keys(n, path, keys);
    read_service_resilience(r_, n, path, svc);
    if (const auto& v = n["replicas"]) svc.replicas = static_cast<int>(r_.integer(v, path + ".replicas", 0, 1000000).value_or(1));
    if (const auto& v = n["workers"]) svc.workers = static_cast<int>(r_.integer(v, path + ".workers", 1, 1000000).value_or(1));
    if (const auto& v = n["queue"]) {
      if (v.IsScalar() && v.Scalar() == "unbounded") {
        svc.queue.reset();
      } else if (v.IsScalar() && !parse_number(v.Scalar())) {
        r_.error(v, path + ".queue", fmt::format("'{}' is not valid: a whole number of waiting requests, or 'unbounded'", v.Scalar()));
      } else if (const auto q = r_.integer(v, path + ".queue", 0, 100000000)) {
        svc.queue = static_cast<int>(*q);
      }
    }
    if (const auto& v = n["discipline"]) {
      if (const auto c = r_.choice(v, path + ".discipline", {"fcfs", "fifo", "lifo", "processor_sharing"}))
        svc.discipline = (*c == "fcfs" || *c == "fifo") ? Discipline::FCFS : *c == "lifo" ? Discipline::LIFO : Discipline::PROCESSOR_SHARING;
    }
    if (const auto& v = n["threading"]) {
      if (const auto c = r_.choice(v, path + ".threading", {"blocking", "async"}))
        svc.threading = *c == "blocking" ? Threading::BLOCKING : Threading::ASYNC;
    }
    if (const auto& v = n["balancer"]) svc.balancer = read_balancer(r_, v, path + ".balancer");
    if (const auto& ro = n["rollout"]) svc.rollout = read_rollout(r_, ro, path + ".rollout");
    if (const auto& pdb = n["disruptionBudget"]) svc.disruption_budget = read_disruption_budget(r_, pdb, path + ".disruptionBudget");
    if (const auto& a = n["autoscaler"]) {
      svc.autoscaler = read_autoscaler(r_, a, path + ".autoscaler");
      if (svc.autoscaler->kind != "static" && (svc.replicas < svc.autoscaler->min_replicas || svc.replicas > svc.autoscaler->max_replicas))
        r_.error(a, path + ".autoscaler", fmt::format("replicas ({}) must lie between minReplicas ({}) and maxReplicas ({})", svc.replicas,
                                                      svc.autoscaler->min_replicas, svc.autoscaler->max_replicas));
    }
    if (const auto& v = n["startup"]) svc.startup = r_.distribution(v, path + ".startup", ValueKind::DURATION).value_or(svc.startup);
    if (const auto& v = n["terminationGracePeriod"]) {
      if (const auto d = r_.duration(v, path + ".terminationGracePeriod")) svc.termination_grace = SimTime::from_seconds(*d);
    }
    if (const auto& d = n["discovery"]) {
      svc.discovery = spec.discovery;
      read_discovery(r_, d, path + ".discovery", *svc.discovery);
    }
    if (const auto& res = n["resources"]; res && r_.is_map(res, path + ".resources")) {
      r_.check_keys(res, path + ".resources", {"cpu", "memory", "limits"});
      if (const auto& v = res["cpu"]) svc.cpu_request = r_.cpu(v, path + ".resources.cpu").value_or(svc.cpu_request);
      if (const auto& v = res["memory"]) svc.memory_request = r_.memory(v, path + ".resources.memory").value_or(svc.memory_request);
      if (const auto& lim = res["limits"]; lim && r_.is_map(lim, path + ".resources.limits")) {
        r_.check_keys(lim, path + ".resources.limits", {"cpu"});
        if (const auto& v = lim["cpu"]) {
          const auto limit = r_.cpu(v, path + ".resources.limits.cpu");
          if (limit && *limit < svc.cpu_request)
            r_.error(v, path + ".resources.limits.cpu", fmt::format("{:g} cores is below the request of {:g} (Kubernetes requires limit >= request)", *limit, svc.cpu_request));
          else if (limit) svc.cpu_limit = *limit;
        }
      }
    }
    const auto& eps = n["endpoints"];
    if (!eps) {
      r_.error(key, path, "missing 'endpoints': a service needs at least one endpoint (e.g. endpoints: {get: {work: exponential(5ms)}})");
    } else if (r_.is_map(eps, path + ".endpoints")) {
      if (eps.size() == 0) r_.error(eps, path + ".endpoints", "needs at least one endpoint");
      for (auto it = eps.begin(); it != eps.end(); ++it) svc.endpoints.push_back(read_endpoint(it->first, it->second, path + ".endpoints"));
    }
    if (svc.discipline == Discipline::PROCESSOR_SHARING && (svc.shed_queue_length || svc.shed_max_wait))
      r_.error(key, path, "loadShedding works on a waiting queue (fcfs or lifo); processor sharing has none");
    spec.services.push_back(std::move(svc));
  }

  EndpointSpec read_endpoint(const YAML::Node& key, const YAML::Node& n, const std::string& parent) {
    EndpointSpec ep;
    ep.name = key.Scalar();
    ep.where = r_.where(key);
    const std::string path = join_path(parent, ep.name);
    if (ep.name.empty()) r_.error(key, path, "an endpoint needs a name");
    if (n.IsNull()) return ep;  // an endpoint that does nothing
    if (!r_.is_map(n, path)) return ep;
    r_.check_keys(n, path, {"work", "calls"});
    if (const auto& w = n["work"]) ep.work = r_.distribution(w, path + ".work", ValueKind::DURATION).value_or(ep.work);
    if (const auto& calls = n["calls"]) {
      if (!calls.IsSequence()) {
        r_.error(calls, path + ".calls", "expected a list of calls (each 'service.endpoint', {call: ...} or {parallel: [...]})");
        return ep;
      }
      for (std::size_t i = 0; i < calls.size(); ++i) {
        const auto& item = calls[i];
        const std::string item_path = fmt::format("{}.calls[{}]", path, i);
        if (item.IsMap() && item["parallel"]) {
          r_.check_keys(item, item_path, {"parallel"});
          const auto& group = item["parallel"];
          if (!group.IsSequence() || group.size() == 0) {
            r_.error(group, item_path + ".parallel", "expected a list of calls made in parallel");
            continue;
          }
          StepSpec step{true, {}};
          for (std::size_t j = 0; j < group.size(); ++j)
            if (auto c = read_call(group[j], fmt::format("{}.parallel[{}]", item_path, j))) step.calls.push_back(std::move(*c));
          ep.steps.push_back(std::move(step));
        } else if (auto c = read_call(item, item_path)) {
          ep.steps.push_back(StepSpec{false, {std::move(*c)}});
        }
      }
    }
    return ep;
  }

  std::optional<CallSpec> read_call(const YAML::Node& n, const std::string& path) {
    CallSpec call;
    call.where = r_.where(n);
    if (n.IsScalar()) {
      call.target = n.Scalar();
      return call;
    }
    if (!n.IsMap()) {
      r_.error(n, path, "expected 'service.endpoint' or {call: service.endpoint, ...}");
      return std::nullopt;
    }
    if (n["parallel"]) {
      r_.error(n, path, "parallel groups cannot be nested: list the calls of one group directly");
      return std::nullopt;
    }
    r_.check_keys(n, path, CALL_KEYS);
    const auto& target = n["call"];
    if (!target) {
      r_.error(n, path, "missing 'call': which service.endpoint is called");
      return std::nullopt;
    }
    call.target = r_.text(target, path + ".call").value_or("");
    call.where = r_.where(target);
    if (const auto& v = n["probability"]) call.probability = r_.fraction(v, path + ".probability").value_or(1);
    if (const auto& v = n["count"]) {
      if (auto d = r_.distribution(v, path + ".count", ValueKind::NUMBER)) {
        if (d->is_constant() && d->mean() < 0) r_.error(v, path + ".count", "must be >= 0");
        else call.count = *d;
      }
    }
    if (const auto& v = n["timeout"]) {
      if (const auto d = r_.duration(v, path + ".timeout")) {
        if (*d <= 0) r_.error(v, path + ".timeout", "must be > 0");
        else call.timeout = SimTime::from_seconds(*d);
      }
    }
    if (const auto& v = n["retries"]) call.retry = read_retry(r_, v, path + ".retries");
    if (const auto& v = n["circuitBreaker"]) call.breaker = read_breaker(r_, v, path + ".circuitBreaker");
    if (const auto& v = n["bulkhead"]) {
      if (v.IsMap()) {
        r_.check_keys(v, path + ".bulkhead", {"maxConcurrentCalls"});
        call.bulkhead = v["maxConcurrentCalls"] ? static_cast<int>(r_.integer(v["maxConcurrentCalls"], path + ".bulkhead.maxConcurrentCalls", 1, 100000000).value_or(25)) : 25;
      } else {
        call.bulkhead = static_cast<int>(r_.integer(v, path + ".bulkhead", 1, 100000000).value_or(25));
      }
    }
    read_overhead(n, path, call);
    return call;
  }

  // `protocol: grpc` (a preset) and/or `overhead: { cpu, callerCpu, bytes, responseBytes }`,
  // whose keys override the preset's.
  void read_overhead(const YAML::Node& n, const std::string& path, CallSpec& call) {
    const auto& p = n["protocol"];
    const auto& o = n["overhead"];
    if (!p && !o) return;
    CallOverheadSpec overhead;
    if (p) {
      if (const auto name = r_.text(p, path + ".protocol")) {
        if (const auto preset = CallOverheadSpec::preset(*name)) overhead = *preset;
        else {
          r_.error(p, path + ".protocol", fmt::format("unknown protocol '{}'{} (valid: rest, grpc; or give the cost yourself: overhead: {{ cpu: 50us, bytes: 1KiB }})",
                                                      *name, suggest(*name, PROTOCOLS)));
          return;
        }
      }
    }
    if (o && r_.is_map(o, path + ".overhead")) {
      const std::string op = path + ".overhead";
      r_.check_keys(o, op, {"cpu", "callerCpu", "bytes", "responseBytes"});
      auto time = [&](const char* key, SimTime& out) {
        if (const auto& v = o[key]) {
          if (const auto d = r_.duration(v, op + "." + key)) {
            if (*d < 0) r_.error(v, op + "." + key, "cannot be negative");
            else out = SimTime::from_seconds(*d);
            return true;
          }
        }
        return false;
      };
      auto size = [&](const char* key, double& out) {
        if (const auto& v = o[key]) {
          if (const auto t = r_.text(v, op + "." + key)) {
            auto b = parse_bytes(*t);
            if (!b) r_.error(v, op + "." + key, b.error);
            else out = *b.value;
            return static_cast<bool>(b);
          }
        }
        return false;
      };
      // cpu and bytes apply to both sides unless callerCpu / responseBytes say otherwise.
      if (time("cpu", overhead.callee_cpu)) overhead.caller_cpu = overhead.callee_cpu;
      time("callerCpu", overhead.caller_cpu);
      if (size("bytes", overhead.request_bytes)) overhead.response_bytes = overhead.request_bytes;
      size("responseBytes", overhead.response_bytes);
    }
    call.overhead = overhead;
  }

  YamlReader& r_;
  Diagnostics& diagnostics_;
  std::unordered_set<std::string> service_names_;
};

/** The second pass, once every service is known: call targets and request types resolved to a
 *  service and an endpoint. */
class TargetResolver {
public:
  explicit TargetResolver(Diagnostics& diagnostics) : diagnostics_(diagnostics) {}

  void resolve(ScenarioSpec& spec) {
    for (auto& svc : spec.services)
      for (auto& ep : svc.endpoints)
        for (auto& step : ep.steps)
          for (auto& call : step.calls) resolve_target(spec, call.target, call.where, call.service, call.endpoint);
    for (auto& w : spec.workloads)
      for (auto& t : w.mix) resolve_target(spec, t.target, t.where, t.service, t.endpoint);
  }

private:
  void resolve_target(const ScenarioSpec& spec, const std::string& target, const SourceLocation& where,
                      std::string& service, std::string& endpoint) {
    if (target.empty()) return;  // already reported
    const auto sep = target.find_first_of(". ");
    const std::string svc_name = target.substr(0, sep);
    const std::string ep_name = sep == std::string::npos ? "" : std::string(trim(target.substr(sep + 1)));
    if (service_index_.size() != spec.services.size()) {
      service_index_.clear();
      for (std::size_t k = 0; k < spec.services.size(); ++k) service_index_.emplace(spec.services[k].name, k);
    }
    const auto found = service_index_.find(svc_name);
    const ServiceSpec* svc = found == service_index_.end() ? nullptr : &spec.services[found->second];
    if (!svc) {
      std::vector<std::string> names;
      for (const auto& s : spec.services) names.push_back(s.name);
      diagnostics_.error(where, fmt::format("'{}': unknown service '{}'{}", target, svc_name, suggest(svc_name, names)));
      return;
    }
    std::vector<std::string> eps;
    for (const auto& e : svc->endpoints) eps.push_back(e.name);
    if (ep_name.empty()) {
      if (eps.size() == 1) {
        service = svc_name;
        endpoint = eps[0];
      } else if (!eps.empty()) {
        diagnostics_.error(where, fmt::format("'{}': service '{}' has several endpoints ({}); write '{}.{}'", target, svc_name,
                                              fmt::join(eps, ", "), svc_name, eps[0]));
      }
      return;
    }
    if (std::find(eps.begin(), eps.end(), ep_name) == eps.end()) {
      diagnostics_.error(where, fmt::format("'{}': service '{}' has no endpoint '{}'{}", target, svc_name, ep_name, suggest(ep_name, eps)));
      return;
    }
    service = svc_name;
    endpoint = ep_name;
  }

  Diagnostics& diagnostics_;
  std::unordered_map<std::string, std::size_t> service_index_;  // an index by name: tens of thousands of services in a data-centre scenario
};

LoadResult finish(Diagnostics& diagnostics, ScenarioSpec spec) {
  LoadResult result;
  result.diagnostics = diagnostics.items();
  std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.where.line, a.where.column) < std::tie(b.where.line, b.where.column);
  });
  if (diagnostics.empty()) {
    warn_unfinishable_draws(spec, result.warnings);
    result.spec = std::move(spec);
  }
  return result;
}

}  // namespace

void check_spec(ScenarioSpec& spec, Diagnostics& diagnostics) {
  check_names(spec, diagnostics);
  // Names must be unique before targets can be resolved.
  std::map<std::string, const RequestTypeSpec*> types;
  for (const auto& w : spec.workloads)
    for (const auto& t : w.mix) {
      if (t.name == "all") diagnostics.error(t.where, "'all' is reserved for the total of every request type; choose another name");
      const auto [it, added] = types.emplace(t.name, &t);
      if (!added && it->second->target != t.target)
        diagnostics.error(t.where, fmt::format("request type '{}' already enters at '{}'; a request type has one entry point", t.name,
                                               it->second->target));
    }
  for (const auto& svc : spec.services) {
    std::set<std::string> eps;
    for (const auto& ep : svc.endpoints)
      if (!eps.insert(ep.name).second) diagnostics.error(ep.where, fmt::format("services.{}: endpoint '{}' is defined twice", svc.name, ep.name));
  }
  TargetResolver(diagnostics).resolve(spec);
  for (const auto& svc : spec.services)
    if (svc.rollout && svc.rollout->rollback_on_slo && !spec.slo_latency)
      diagnostics.error(svc.rollout->where, fmt::format("services.{}.rollout.rollback.slo: needs the scenario's objective, e.g. slo: {{ latency: p99 < 200ms }}", svc.name));
  check_failure_targets(spec, diagnostics);
  check_call_cycles(spec, diagnostics);  // unresolved calls are simply left out of the graph
}

bool valid_service_name(const std::string& name) {
  static const std::regex dns_label("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  return name.size() <= 63 && std::regex_match(name, dns_label);
}

LoadResult check_built_spec(ScenarioSpec spec, const std::vector<Diagnostic>& earlier) {
  Diagnostics diagnostics;
  for (const auto& d : earlier) diagnostics.error(d.where, d.message);
  check_spec(spec, diagnostics);
  return finish(diagnostics, std::move(spec));
}

LoadResult load_scenario_text(const std::string& text, const std::string& display_name,
                              const std::filesystem::path& base_dir, const LoadOptions& options) {
  Diagnostics diagnostics;
  ScenarioSpec spec;
  spec.path = display_name;
  spec.sha256 = sha256_hex(text);
  spec.name = std::filesystem::path(display_name).stem().string();
  for (char& c : spec.name)  // a default name from an odd file name: make it a plain folder name
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') c = '_';
  if (spec.name.empty() || spec.name[0] == '.' || spec.name[0] == '-') spec.name = "scenario" + spec.name;
  if (const auto [line, column] = first_invalid_utf8(text); line > 0) {
    diagnostics.error(SourceLocation{display_name, line, column}, "this byte is not UTF-8: save the file as UTF-8");
    return finish(diagnostics, std::move(spec));
  }
  for (const auto& assignment : options.overrides)
    if (first_invalid_utf8(assignment).first > 0) {
      diagnostics.error(SourceLocation{"--set", 0, 0}, fmt::format("'{}' is not UTF-8 text", assignment.substr(0, assignment.find('='))));
      return finish(diagnostics, std::move(spec));
    }
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::DeepRecursion& e) {
    diagnostics.error(SourceLocation{display_name, e.mark.line + 1, e.mark.column + 1},
                      fmt::format("YAML nesting too deep: more than {} levels of lists or mappings inside each other", e.depth() - 1));
    return finish(diagnostics, std::move(spec));
  } catch (const YAML::Exception& e) {
    std::string message = e.msg;
    for (char& c : message)  // a binary file can put control bytes into the parser's message
      if (static_cast<unsigned char>(c) < 0x20 && c != '\t') c = '?';
    const bool layout = message.find("map") != std::string::npos || message.find("sequence") != std::string::npos ||
                        message.find("indentation") != std::string::npos;
    diagnostics.error(SourceLocation{display_name, e.mark.line + 1, e.mark.column + 1},
                      fmt::format("YAML syntax error: {}{}", message, layout ? " (check the indentation: spaces only, no tabs, each level aligned)" : ""));
    return finish(diagnostics, std::move(spec));
  }
  if (!root.IsMap()) {
    diagnostics.error(SourceLocation{display_name, 1, 1}, "a scenario is a YAML mapping (name:, services:, workload:, ...)");
    return finish(diagnostics, std::move(spec));
  }
  for (const auto& assignment : options.overrides) {
    if (apply_override(root, assignment, diagnostics)) {
      const auto eq = assignment.find('=');
      spec.overrides.emplace_back(assignment.substr(0, eq), assignment.substr(eq + 1));
    }
  }
  for (const auto& injection : options.injections) {
    auto failure = parse_injection(injection);
    if (!failure) {
      diagnostics.error(SourceLocation{"--inject", 0, 0}, fmt::format("'{}': {}", injection, failure.error));
      continue;
    }
    if (!root["failures"]) root["failures"] = YAML::Node(YAML::NodeType::Sequence);
    if (!root["failures"].IsSequence()) {
      diagnostics.error(SourceLocation{"--inject", 0, 0}, "the scenario's failures: is not a list");
      continue;
    }
    root["failures"].push_back(*failure.value);
    spec.overrides.emplace_back("--inject", injection);
  }
  YamlReader reader(display_name, base_dir, diagnostics);
  Loader loader(reader, diagnostics);
  loader.read(root, spec);
  if (options.traffic_scale) scale_traffic(spec, *options.traffic_scale, diagnostics);
  if (options.seed) spec.seed = *options.seed;
  if (options.duration) {
    auto d = parse_duration(*options.duration);
    if (!d) diagnostics.error(SourceLocation{"--duration", 0, 0}, d.error);
    else if (*d.value <= 0) diagnostics.error(SourceLocation{"--duration", 0, 0}, "must be > 0");
    else {
      spec.duration = SimTime::from_seconds(*d.value);
      if (spec.warmup >= spec.duration) diagnostics.error(SourceLocation{"--duration", 0, 0}, "must be longer than the scenario's warmup");
    }
  }
  check_spec(spec, diagnostics);
  return finish(diagnostics, std::move(spec));
}

LoadResult load_scenario_file(const std::string& path, const LoadOptions& options) {
  auto text = read_input_file(path);
  if (!text) {
    LoadResult result;
    result.diagnostics.push_back({SourceLocation{path, 0, 0}, "cannot read the scenario file: " + text.error});
    return result;
  }
  const auto dir = std::filesystem::absolute(path).parent_path();
  return load_scenario_text(*text.value, path, dir, options);
}

}  // namespace msim::scenario
