// api::Summary: summary.json read into typed values, and walked back as (dotted path, number).
#include <msim/Summary.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

#include "SummaryJson.hpp"

namespace msim::api {
namespace {

using json = nlohmann::ordered_json;

// A JSON object being read, with the dotted path that names it in errors.
class Node {
public:
  Node(const json& j, std::string path, const std::string& origin) : j_(j), path_(std::move(path)), origin_(origin) {}

  bool has(const char* key) const { return j_.contains(key) && !j_[key].is_null(); }
  Node object(const char* key) const {
    static const json empty = json::object();
    if (!has(key)) return {empty, child(key), origin_};
    if (!j_[key].is_object()) fail(key, "an object");
    return {j_[key], child(key), origin_};
  }
  double number(const char* key) const {
    if (!has(key)) return 0;
    if (!j_[key].is_number()) fail(key, "a number");
    return j_[key].get<double>();
  }
  std::uint64_t whole(const char* key) const {  // exact beyond 2^53, unlike a double
    if (!has(key)) return 0;
    if (!j_[key].is_number_unsigned()) fail(key, "a whole number");
    return j_[key].get<std::uint64_t>();
  }
  std::optional<double> maybe_number(const char* key) const {
    if (!has(key)) return std::nullopt;
    return number(key);
  }
  std::string text(const char* key) const {
    if (!has(key)) return {};
    if (!j_[key].is_string()) fail(key, "a string");
    return j_[key].get<std::string>();
  }
  bool flag(const char* key) const {
    if (!has(key)) return false;
    if (!j_[key].is_boolean()) fail(key, "true or false");
    return j_[key].get<bool>();
  }
  std::vector<std::string> texts(const char* key) const {
    std::vector<std::string> out;
    if (!has(key)) return out;
    if (!j_[key].is_array()) fail(key, "a list of strings");
    for (const auto& v : j_[key]) {
      if (!v.is_string()) fail(key, "a list of strings");
      out.push_back(v.get<std::string>());
    }
    return out;
  }
  /** The members of this object, in document order. */
  template <typename F>
  void each(F&& f) const {
    for (const auto& [key, value] : j_.items()) f(key, value, child(key.c_str()));
  }
  const std::string& origin() const { return origin_; }
  const std::string& path() const { return path_; }
  [[noreturn]] void fail(const char* key, const char* wanted) const {
    throw std::invalid_argument(fmt::format("{}: '{}' should be {}", origin_, child(key), wanted));
  }

private:
  std::string child(const char* key) const { return path_.empty() ? std::string(key) : fmt::format("{}.{}", path_, key); }
  const json& j_;
  std::string path_;
  const std::string& origin_;
};

LatencyMs read_latency(const Node& n) {
  return {n.number("mean"), n.number("p50"), n.number("p90"), n.number("p99"), n.number("p999"), n.number("max")};
}

std::vector<std::pair<std::string, double>> read_counts(const Node& n, const std::string& origin) {
  std::vector<std::pair<std::string, double>> out;
  n.each([&](const std::string& key, const json& value, const std::string& path) {
    if (!value.is_number()) throw std::invalid_argument(fmt::format("{}: '{}' should be a number", origin, path));
    out.emplace_back(key, value.get<double>());
  });
  return out;
}

RequestOutcome read_outcome(const Node& n) {
  RequestOutcome o;
  o.completed = n.number("completed");
  o.failed = n.number("failed");
  o.failed_by_cause = read_counts(n.object("failed_by_cause"), n.origin());
  o.failed_ratio = n.number("failed_ratio");
  o.throughput_rps = n.number("throughput_rps");
  o.latency_ms = read_latency(n.object("latency_ms"));
  o.latency_all_ms = read_latency(n.object("latency_all_ms"));
  if (n.has("slo")) {
    const auto s = n.object("slo");
    o.slo = SloResult{s.number("objective_ms"), s.number("percentile"), s.number("attainment"), s.maybe_number("intervals_met")};
  }
  return o;
}

ServiceResult read_service(const std::string& name, const Node& n) {
  ServiceResult s;
  s.name = name;
  s.completed = n.number("completed");
  s.failed = n.number("failed");
  s.throughput_rps = n.number("throughput_rps");
  s.latency_ms = read_latency(n.object("latency_ms"));
  s.rejected = n.number("rejected");
  s.timeouts = n.number("timeouts");
  s.connect_failures = n.number("connect_failures");
  s.injected_errors = n.number("injected_errors");
  s.retries = n.number("retries");
  s.short_circuited = n.number("short_circuited");
  s.bulkhead_rejected = n.number("bulkhead_rejected");
  s.rate_limited = n.number("rate_limited");
  s.shed = n.number("shed");
  s.cancelled = n.number("cancelled");
  s.ejections = n.number("ejections");
  s.errors = n.number("errors");
  s.utilization = n.number("utilization");
  s.cpu_seconds = n.number("cpu_seconds");
  s.cpu_throttled_share = n.number("cpu_throttled_share");
  s.cpu_contended_share = n.number("cpu_contended_share");
  s.queue_length_mean = n.object("queue_length").number("mean");
  s.wait_ms_mean = n.object("wait_ms").number("mean");
  s.waited_fraction = n.number("waited_fraction");
  s.in_flight_mean = n.object("in_flight").number("mean");
  const auto replicas = n.object("replicas");
  s.replicas_min = replicas.number("min");
  s.replicas_mean = replicas.number("mean");
  s.replicas_max = replicas.number("max");
  s.instance_seconds = n.number("instance_seconds");
  s.availability = n.number("availability");
  s.desired_replicas = n.number("desired_replicas");
  s.scaling_actions = n.number("scaling_actions");
  s.autoscaler = n.text("autoscaler");
  s.calls_to = n.texts("calls_to");
  if (n.has("rollout")) {
    const auto r = n.object("rollout");
    s.rollout = RolloutResult{r.text("strategy"),         r.text("outcome"),         r.maybe_number("started_s"),
                              r.maybe_number("finished_s"), r.maybe_number("rolled_back_s"), r.text("rollback_reason"),
                              r.number("new_version_instances")};
  }
  const auto endpoints = n.object("endpoints");
  endpoints.each([&](const std::string& key, const json&, const std::string&) {
    const auto e = endpoints.object(key.c_str());
    s.endpoints.push_back({key, e.number("completed"), e.number("failed"), e.number("throughput_rps"), read_latency(e.object("latency_ms"))});
  });
  return s;
}

Summary read(const Node& n) {
  Summary s;
  s.schema_version = n.number("schema_version");
  s.msim_version = n.text("msim_version");
  s.scenario = n.text("scenario");
  s.scenario_path = n.text("scenario_path");
  s.scenario_sha256 = n.text("scenario_sha256");
  n.object("overrides").each([&](const std::string& key, const json& value, const std::string&) {
    s.overrides.emplace_back(key, value.is_string() ? value.get<std::string>() : value.dump());
  });
  s.seed = n.whole("seed");
  s.replication = n.maybe_number("replication");
  s.replications = n.maybe_number("replications");
  s.sim_time_s = n.number("sim_time_s");
  s.warmup_s = n.number("warmup_s");
  s.measured_s = n.number("measured_s");
  s.events = n.number("events");
  if (n.has("warmup_auto")) {
    const auto w = n.object("warmup_auto");
    s.warmup_auto = AutoWarmup{w.text("method"), w.number("truncated_batches"), w.number("batch_size"), w.number("batches"), w.flag("reliable")};
  }
  s.trajectory_fingerprint = n.text("trajectory_fingerprint");
  s.wall_s = n.number("wall_s");
  s.wall_events_per_s = n.number("wall_events_per_s");

  const auto requests = n.object("requests");
  requests.each([&](const std::string& key, const json&, const std::string&) {
    const auto r = requests.object(key.c_str());
    RequestTypeResult t{key, read_outcome(r), std::nullopt};
    if (r.has("breakdown")) {
      const auto b = r.object("breakdown");
      LatencyBreakdown breakdown{b.number("traced_requests"), b.number("latency_ms_mean"), {}};
      const auto services = b.object("services");
      services.each([&](const std::string& name, const json&, const std::string&) {
        const auto p = services.object(name.c_str());
        breakdown.services.push_back({name, p.number("calls"), p.number("queue_ms"), p.number("work_ms"), p.number("network_ms")});
      });
      t.breakdown = std::move(breakdown);
    }
    s.requests.push_back(std::move(t));
  });
  const auto windows = n.object("windows");
  windows.each([&](const std::string& key, const json&, const std::string&) {
    const auto w = windows.object(key.c_str());
    s.windows.push_back({key, w.number("from_s"), w.number("to_s"), read_outcome(w.object("requests"))});
  });
  const auto services = n.object("services");
  services.each([&](const std::string& key, const json&, const std::string&) { s.services.push_back(read_service(key, services.object(key.c_str()))); });
  const auto cluster = n.object("cluster");
  s.cluster = {cluster.texts("zones"), cluster.number("nodes"), cluster.number("instances"), cluster.number("pending_instances")};
  const auto cost = n.object("cost");
  s.cost = {cost.number("core_hours"), cost.number("price_per_core_hour"), cost.number("node_hours"), cost.number("dollars"), cost.text("basis")};
  s.faults = read_counts(n.object("faults"), n.origin());
  if (n.has("ci95")) s.ci95 = std::make_shared<const Summary>(read(n.object("ci95")));
  return s;
}

// Walks the numbers back out under their summary.json paths.
class Walker {
public:
  explicit Walker(const std::function<void(const std::string&, double)>& visit) : visit_(visit) {}

  void number(const std::string& path, double v) const { visit_(path, v); }
  void number(const std::string& path, const std::optional<double>& v) const {
    if (v) visit_(path, *v);
  }
  void latency(const std::string& p, const LatencyMs& l) const {
    number(p + ".mean", l.mean);
    number(p + ".p50", l.p50);
    number(p + ".p90", l.p90);
    number(p + ".p99", l.p99);
    number(p + ".p999", l.p999);
    number(p + ".max", l.max);
  }
  void outcome(const std::string& p, const RequestOutcome& o) const {
    number(p + ".completed", o.completed);
    number(p + ".failed", o.failed);
    for (const auto& [cause, n] : o.failed_by_cause) number(fmt::format("{}.failed_by_cause.{}", p, cause), n);
    number(p + ".failed_ratio", o.failed_ratio);
    number(p + ".throughput_rps", o.throughput_rps);
    latency(p + ".latency_ms", o.latency_ms);
    latency(p + ".latency_all_ms", o.latency_all_ms);
    if (o.slo) {
      number(p + ".slo.objective_ms", o.slo->objective_ms);
      number(p + ".slo.percentile", o.slo->percentile);
      number(p + ".slo.attainment", o.slo->attainment);
      number(p + ".slo.intervals_met", o.slo->intervals_met);
    }
  }
  void service(const std::string& p, const ServiceResult& s) const {
    number(p + ".completed", s.completed);
    number(p + ".failed", s.failed);
    number(p + ".throughput_rps", s.throughput_rps);
    latency(p + ".latency_ms", s.latency_ms);
    const std::pair<const char*, double> counts[] = {
        {"rejected", s.rejected},           {"timeouts", s.timeouts},         {"connect_failures", s.connect_failures},
        {"injected_errors", s.injected_errors}, {"retries", s.retries},       {"short_circuited", s.short_circuited},
        {"bulkhead_rejected", s.bulkhead_rejected}, {"rate_limited", s.rate_limited}, {"shed", s.shed},
        {"cancelled", s.cancelled},         {"ejections", s.ejections},       {"errors", s.errors},
        {"utilization", s.utilization},     {"cpu_seconds", s.cpu_seconds},   {"cpu_throttled_share", s.cpu_throttled_share},
        {"cpu_contended_share", s.cpu_contended_share}, {"queue_length.mean", s.queue_length_mean}, {"wait_ms.mean", s.wait_ms_mean},
        {"waited_fraction", s.waited_fraction}, {"in_flight.mean", s.in_flight_mean}, {"replicas.min", s.replicas_min},
        {"replicas.mean", s.replicas_mean}, {"replicas.max", s.replicas_max}, {"instance_seconds", s.instance_seconds},
        {"availability", s.availability},   {"desired_replicas", s.desired_replicas}, {"scaling_actions", s.scaling_actions}};
    for (const auto& [key, v] : counts) number(fmt::format("{}.{}", p, key), v);
    if (s.rollout) {
      number(p + ".rollout.started_s", s.rollout->started_s);
      number(p + ".rollout.finished_s", s.rollout->finished_s);
      number(p + ".rollout.rolled_back_s", s.rollout->rolled_back_s);
      number(p + ".rollout.new_version_instances", s.rollout->new_version_instances);
    }
    for (const auto& e : s.endpoints) {
      const auto ep = fmt::format("{}.endpoints.{}", p, e.name);
      number(ep + ".completed", e.completed);
      number(ep + ".failed", e.failed);
      number(ep + ".throughput_rps", e.throughput_rps);
      latency(ep + ".latency_ms", e.latency_ms);
    }
  }
  // `measured_only`: the ci95 tree, which has no provenance or wall_* fields.
  void summary(const std::string& prefix, const Summary& s, bool measured_only) const {
    if (!measured_only) {
      number(prefix + "schema_version", s.schema_version);
      number(prefix + "seed", static_cast<double>(s.seed));
      number(prefix + "replication", s.replication);
    }
    number(prefix + "sim_time_s", s.sim_time_s);
    number(prefix + "warmup_s", s.warmup_s);
    number(prefix + "measured_s", s.measured_s);
    number(prefix + "events", s.events);
    if (!measured_only) {
      number(prefix + "wall_s", s.wall_s);
      number(prefix + "wall_events_per_s", s.wall_events_per_s);
    }
    if (s.warmup_auto) {
      number(prefix + "warmup_auto.truncated_batches", s.warmup_auto->truncated_batches);
      number(prefix + "warmup_auto.batch_size", s.warmup_auto->batch_size);
      number(prefix + "warmup_auto.batches", s.warmup_auto->batches);
    }
    for (const auto& r : s.requests) {
      outcome(fmt::format("{}requests.{}", prefix, r.name), r.outcome);
      if (!r.breakdown) continue;
      const auto b = fmt::format("{}requests.{}.breakdown", prefix, r.name);
      number(b + ".traced_requests", r.breakdown->traced_requests);
      number(b + ".latency_ms_mean", r.breakdown->latency_ms_mean);
      for (const auto& t : r.breakdown->services) {
        const auto p = fmt::format("{}.services.{}", b, t.service);
        number(p + ".calls", t.calls);
        number(p + ".queue_ms", t.queue_ms);
        number(p + ".work_ms", t.work_ms);
        number(p + ".network_ms", t.network_ms);
      }
    }
    for (const auto& w : s.windows) {
      const auto p = fmt::format("{}windows.{}", prefix, w.name);
      number(p + ".from_s", w.from_s);
      number(p + ".to_s", w.to_s);
      outcome(p + ".requests", w.requests);
    }
    for (const auto& sv : s.services) service(fmt::format("{}services.{}", prefix, sv.name), sv);
    number(prefix + "cluster.nodes", s.cluster.nodes);
    number(prefix + "cluster.instances", s.cluster.instances);
    number(prefix + "cluster.pending_instances", s.cluster.pending_instances);
    number(prefix + "cost.core_hours", s.cost.core_hours);
    number(prefix + "cost.price_per_core_hour", s.cost.price_per_core_hour);
    number(prefix + "cost.node_hours", s.cost.node_hours);
    number(prefix + "cost.dollars", s.cost.dollars);
    for (const auto& [kind, n] : s.faults) number(fmt::format("{}faults.{}", prefix, kind), n);
    if (!measured_only) number(prefix + "replications", s.replications);
  }

private:
  const std::function<void(const std::string&, double)>& visit_;
};

}  // namespace

const RequestOutcome& Summary::all() const {
  static const RequestOutcome none;
  const auto* r = request_type("all");
  return r ? r->outcome : none;
}

const RequestTypeResult* Summary::request_type(const std::string& name) const {
  for (const auto& r : requests)
    if (r.name == name) return &r;
  return nullptr;
}

const ServiceResult* Summary::service(const std::string& name) const {
  for (const auto& s : services)
    if (s.name == name) return &s;
  return nullptr;
}

Summary parse_summary(const std::string& text, const std::string& origin) {
  const auto j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) throw std::invalid_argument(fmt::format("{}: not a JSON object (not a summary.json of msim)", origin));
  Summary s = read(Node(j, "", origin));
  s.document = text;
  return s;
}

Summary summary_from_json(const nlohmann::ordered_json& summary, const std::string& origin) {
  Summary s = read(Node(summary, "", origin));
  s.document = summary.dump(2) + "\n";
  return s;
}

Summary read_summary(const std::filesystem::path& folder) {
  const auto path = folder / "summary.json";
  std::ifstream in(path);
  if (!in) throw std::invalid_argument(fmt::format("{}: no summary.json (not a results folder of msim run)", folder.string()));
  std::ostringstream text;
  text << in.rdbuf();
  return parse_summary(text.str(), path.string());
}

void for_each_number(const Summary& summary, const std::function<void(const std::string& path, double value)>& visit) {
  const Walker walker(visit);
  walker.summary("", summary, false);
  if (summary.ci95) walker.summary("ci95.", *summary.ci95, true);
}

}  // namespace msim::api
