#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "importers/Traces.hpp"

namespace msim::importers {
namespace {

using ojson = nlohmann::ordered_json;

// Splits one CSV line; fields may be quoted ("a ""b"""), as metrics::csv_field writes them.
std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') cur += '"', ++i;
      else if (c == '"') quoted = false;
      else cur += c;
    } else if (c == '"') quoted = true;
    else if (c == ',') out.push_back(std::move(cur)), cur.clear();
    else cur += c;
  }
  out.push_back(std::move(cur));
  return out;
}

bool parse_u64(const std::string& s, std::uint64_t& v) {
  if (s.empty()) return false;
  char* end = nullptr;
  v = std::strtoull(s.c_str(), &end, 10);
  return end && *end == '\0';
}
bool parse_double(const std::string& s, double& v) {
  if (s.empty()) return false;
  char* end = nullptr;
  v = std::strtod(s.c_str(), &end);
  return end && *end == '\0' && std::isfinite(v);
}

std::string hex(std::uint64_t v, int width) { return fmt::format("{:0{}x}", v, width); }
// Ids are never all zero (OTLP treats that as invalid): request and span numbers count from 0.
std::string trace_id(std::uint64_t request_id) { return hex(request_id + 1, 32); }
std::string span_id(std::uint64_t span) { return hex(span + 1, 16); }

std::int64_t unix_ns(double sim_s) { return TRACE_EPOCH_S * 1000000000LL + std::llround(sim_s * 1e9); }
double start_of(const TraceSpan& s) { return s.arrived_s && *s.arrived_s > 0 ? *s.arrived_s : s.sent_s; }

ojson attr(const std::string& key, const std::string& value) { return {{"key", key}, {"value", {{"stringValue", value}}}}; }
ojson attr_int(const std::string& key, std::int64_t value) { return {{"key", key}, {"value", {{"intValue", std::to_string(value)}}}}; }

}  // namespace

SpanTable read_spans_csv(const std::string& text, const std::string& name) {
  SpanTable t;
  std::size_t pos = 0, line_no = 0;
  std::map<std::string, std::size_t> col;
  const std::vector<std::string> needed{"request_id", "span_id", "parent_span_id", "service", "endpoint", "instance", "sent_s", "arrived_s", "responded_s", "status"};
  while (pos < text.size()) {
    auto nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    std::string line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    auto f = split_csv(line);
    if (line_no == 1) {
      for (std::size_t i = 0; i < f.size(); ++i) col[f[i]] = i;
      for (const auto& n : needed)
        if (!col.count(n)) t.problems.push_back(fmt::format("{}:1: header: column '{}' missing", name, n));
      if (!t.problems.empty()) return t;
      continue;
    }
    auto get = [&](const char* c) -> const std::string& {
      static const std::string empty;
      const auto i = col[c];
      return i < f.size() ? f[i] : empty;
    };
    TraceSpan s;
    std::uint64_t parent = 0;
    double arrived = 0;
    bool ok = parse_u64(get("request_id"), s.request_id) && parse_u64(get("span_id"), s.span_id) && parse_double(get("sent_s"), s.sent_s) &&
              parse_double(get("responded_s"), s.responded_s);
    if (!get("parent_span_id").empty()) ok = ok && parse_u64(get("parent_span_id"), parent), s.parent = parent;
    if (!get("arrived_s").empty()) ok = ok && parse_double(get("arrived_s"), arrived), s.arrived_s = arrived;
    s.service = get("service");
    s.endpoint = get("endpoint");
    s.instance = get("instance");
    s.status = get("status");
    if (!ok || s.service.empty() || s.endpoint.empty()) {
      t.problems.push_back(fmt::format("{}:{}: malformed row", name, line_no));
      if (t.problems.size() > 20) return t;
      continue;
    }
    t.spans.push_back(std::move(s));
  }
  if (line_no == 0) t.problems.push_back(fmt::format("{}: empty file (no header)", name));
  std::sort(t.spans.begin(), t.spans.end(),
            [](const TraceSpan& a, const TraceSpan& b) { return std::tie(a.request_id, a.span_id) < std::tie(b.request_id, b.span_id); });
  return t;
}

std::string spans_to_otlp_json(const std::vector<TraceSpan>& spans, const std::string& scenario_name) {
  // One resourceSpans per service, in order of first appearance (spans are sorted by request and span).
  std::vector<std::string> order;
  std::map<std::string, ojson> by_service;
  for (const auto& s : spans) {
    auto [it, fresh] = by_service.try_emplace(s.service, ojson::array());
    if (fresh) order.push_back(s.service);
    ojson j;
    j["traceId"] = trace_id(s.request_id);
    j["spanId"] = span_id(s.span_id);
    j["parentSpanId"] = s.parent ? span_id(*s.parent) : std::string();
    j["name"] = s.endpoint;
    j["kind"] = 2;  // SPAN_KIND_SERVER
    j["startTimeUnixNano"] = std::to_string(unix_ns(start_of(s)));
    j["endTimeUnixNano"] = std::to_string(unix_ns(s.responded_s));
    ojson attrs = ojson::array();
    if (!s.instance.empty()) attrs.push_back(attr("service.instance.id", s.instance));
    attrs.push_back(attr_int("msim.request_id", static_cast<std::int64_t>(s.request_id)));
    attrs.push_back(attr_int("msim.sent_time_unix_nano", unix_ns(s.sent_s)));
    if (s.status != "ok") attrs.push_back(attr("msim.failure", s.status));
    j["attributes"] = std::move(attrs);
    j["status"] = s.status == "ok" ? ojson{{"code", 1}} : ojson{{"code", 2}, {"message", s.status}};
    it->second.push_back(std::move(j));
  }
  ojson resource_spans = ojson::array();
  for (const auto& svc : order) {
    ojson rs;
    rs["resource"] = {{"attributes", ojson::array({attr("service.name", svc), attr("service.namespace", scenario_name)})}};
    rs["scopeSpans"] = ojson::array({ojson{{"scope", {{"name", "msim"}}}, {"spans", std::move(by_service[svc])}}});
    resource_spans.push_back(std::move(rs));
  }
  ojson root;
  root["resourceSpans"] = std::move(resource_spans);
  return root.dump(1) + "\n";
}

std::string spans_to_jaeger_json(const std::vector<TraceSpan>& spans, const std::string& scenario_name) {
  ojson data = ojson::array();
  for (std::size_t i = 0; i < spans.size();) {
    std::size_t end = i;
    while (end < spans.size() && spans[end].request_id == spans[i].request_id) ++end;
    ojson trace;
    const std::string tid = trace_id(spans[i].request_id);
    trace["traceID"] = tid;
    ojson js = ojson::array();
    std::map<std::string, std::string> pids;  // service -> "p<k>"
    std::vector<std::string> porder;
    for (std::size_t k = i; k < end; ++k) {
      const auto& s = spans[k];
      auto [pit, fresh] = pids.try_emplace(s.service, fmt::format("p{}", pids.size() + 1));
      if (fresh) porder.push_back(s.service);
      ojson j;
      j["traceID"] = tid;
      j["spanID"] = span_id(s.span_id);
      j["operationName"] = s.endpoint;
      j["references"] = s.parent ? ojson::array({ojson{{"refType", "CHILD_OF"}, {"traceID", tid}, {"spanID", span_id(*s.parent)}}}) : ojson::array();
      const std::int64_t start_ns = unix_ns(start_of(s)), end_ns = unix_ns(s.responded_s);
      j["startTime"] = start_ns / 1000;  // microseconds
      j["duration"] = end_ns / 1000 - start_ns / 1000;
      ojson tags = ojson::array({ojson{{"key", "span.kind"}, {"type", "string"}, {"value", "server"}}});
      if (!s.instance.empty()) tags.push_back({{"key", "service.instance.id"}, {"type", "string"}, {"value", s.instance}});
      if (s.status != "ok") {
        tags.push_back({{"key", "error"}, {"type", "bool"}, {"value", true}});
        tags.push_back({{"key", "msim.failure"}, {"type", "string"}, {"value", s.status}});
      }
      j["tags"] = std::move(tags);
      j["logs"] = ojson::array();
      j["processID"] = pit->second;
      j["warnings"] = nullptr;
      js.push_back(std::move(j));
    }
    trace["spans"] = std::move(js);
    ojson procs = ojson::object();
    for (const auto& svc : porder)
      procs[pids[svc]] = {{"serviceName", svc}, {"tags", ojson::array({ojson{{"key", "service.namespace"}, {"type", "string"}, {"value", scenario_name}}})}};
    trace["processes"] = std::move(procs);
    trace["warnings"] = nullptr;
    data.push_back(std::move(trace));
    i = end;
  }
  ojson root;
  root["data"] = std::move(data);
  root["total"] = 0;
  root["limit"] = 0;
  root["offset"] = 0;
  root["errors"] = nullptr;
  return root.dump(1) + "\n";
}

}  // namespace msim::importers
