#include "report/PrometheusText.hpp"

#include <initializer_list>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace msim::report {

namespace {

std::string prom_label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\', out += c;
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string prom_number(const nlohmann::ordered_json& v) {
  if (!v.is_number()) return "NaN";
  if (v.is_number_integer() || v.is_number_unsigned()) return v.dump();
  return fmt::format("{}", v.get<double>());
}

}  // namespace

std::string prometheus_text(const nlohmann::ordered_json& summary) {
  std::string out;
  auto family = [&](const char* name, const char* type, const char* help) { out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type); };
  auto sample = [&](const std::string& name, const std::string& labels, const nlohmann::ordered_json& v) {
    out += labels.empty() ? fmt::format("{} {}\n", name, prom_number(v)) : fmt::format("{}{{{}}} {}\n", name, labels, prom_number(v));
  };
  auto num = [](const nlohmann::ordered_json& j, std::initializer_list<const char*> path) -> nlohmann::ordered_json {
    const nlohmann::ordered_json* p = &j;
    for (const char* k : path) {
      if (!p->is_object() || !p->contains(k)) return nullptr;
      p = &(*p)[k];
    }
    return *p;
  };
  const auto& requests = summary.contains("requests") ? summary["requests"] : nlohmann::ordered_json::object();
  const auto& services = summary.contains("services") ? summary["services"] : nlohmann::ordered_json::object();
  const std::vector<std::pair<const char*, const char*>> quantiles{{"0.5", "p50"}, {"0.9", "p90"}, {"0.99", "p99"}, {"0.999", "p999"}};
  // A summary in seconds from a latency_ms object and a count.
  auto latency = [&](const std::string& name, const std::string& labels, const nlohmann::ordered_json& lat, const nlohmann::ordered_json& count) {
    for (const auto& [q, key] : quantiles) {
      const auto v = num(lat, {key});
      if (v.is_number()) out += fmt::format("{}{{{}{}quantile=\"{}\"}} {}\n", name, labels, labels.empty() ? "" : ",", q, v.get<double>() / 1000);
    }
    const auto mean = num(lat, {"mean"});
    if (mean.is_number() && count.is_number()) out += fmt::format("{}_sum{{{}}} {}\n", name, labels, mean.get<double>() / 1000 * count.get<double>());
    if (count.is_number()) out += fmt::format("{}_count{{{}}} {}\n", name, labels, prom_number(count));
  };

  family("msim_requests_total", "counter", "Requests finished in the measured window, by request type (\"all\": every type) and outcome");
  for (const auto& [type, r] : requests.items()) {
    sample("msim_requests_total", fmt::format("type=\"{}\",outcome=\"completed\"", prom_label(type)), num(r, {"completed"}));
    sample("msim_requests_total", fmt::format("type=\"{}\",outcome=\"failed\"", prom_label(type)), num(r, {"failed"}));
  }
  family("msim_request_failures_total", "counter", "Failed requests by request type and cause");
  for (const auto& [type, r] : requests.items())
    if (r.contains("failed_by_cause"))
      for (const auto& [cause, n] : r["failed_by_cause"].items())
        sample("msim_request_failures_total", fmt::format("type=\"{}\",cause=\"{}\"", prom_label(type), prom_label(cause)), n);
  family("msim_request_throughput_rps", "gauge", "Completed requests per second in the measured window");
  for (const auto& [type, r] : requests.items()) sample("msim_request_throughput_rps", fmt::format("type=\"{}\"", prom_label(type)), num(r, {"throughput_rps"}));
  family("msim_request_latency_seconds", "summary", "End-to-end latency of completed requests");
  for (const auto& [type, r] : requests.items())
    latency("msim_request_latency_seconds", fmt::format("type=\"{}\"", prom_label(type)), num(r, {"latency_ms"}), num(r, {"completed"}));

  family("msim_service_calls_total", "counter", "Calls a service finished in the measured window, by outcome");
  for (const auto& [svc, s] : services.items()) {
    sample("msim_service_calls_total", fmt::format("service=\"{}\",outcome=\"completed\"", prom_label(svc)), num(s, {"completed"}));
    sample("msim_service_calls_total", fmt::format("service=\"{}\",outcome=\"failed\"", prom_label(svc)), num(s, {"failed"}));
  }
  family("msim_service_latency_seconds", "summary", "Latency of a service's completed calls, as its callers see it");
  for (const auto& [svc, s] : services.items())
    latency("msim_service_latency_seconds", fmt::format("service=\"{}\"", prom_label(svc)), num(s, {"latency_ms"}), num(s, {"completed"}));
  family("msim_service_utilization", "gauge", "CPU time used over CPU requested, over the measured window");
  for (const auto& [svc, s] : services.items()) sample("msim_service_utilization", fmt::format("service=\"{}\"", prom_label(svc)), num(s, {"utilization"}));
  family("msim_service_replicas", "gauge", "Replicas of a service over the measured window: time-weighted mean, min and max");
  for (const auto& [svc, s] : services.items())
    for (const char* stat : {"mean", "min", "max"})
      sample("msim_service_replicas", fmt::format("service=\"{}\",stat=\"{}\"", prom_label(svc), stat), num(s, {"replicas", stat}));
  family("msim_service_queue_length", "gauge", "Time-weighted mean number of calls waiting in a service's queues");
  for (const auto& [svc, s] : services.items()) sample("msim_service_queue_length", fmt::format("service=\"{}\"", prom_label(svc)), num(s, {"queue_length", "mean"}));
  family("msim_cost_dollars", "gauge", "Cost of the run over the measured window");
  sample("msim_cost_dollars", "", num(summary, {"cost", "dollars"}));
  return out;
}

}  // namespace msim::report
