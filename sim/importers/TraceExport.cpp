#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>

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
// Ids are never all zero (OTLP treats that as invalid): request and span numbers count from 0, ids from 1.
std::string trace_id(std::uint64_t request_id) { return hex(request_id + 1, 32); }

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
    double finished = 0;
    if (col.count("finished_s") && !get("finished_s").empty()) ok = ok && parse_double(get("finished_s"), finished), s.finished_s = finished;
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

namespace {

// One exported span: the callee's SERVER span of a call, or the caller's CLIENT span.
struct OutSpan {
  std::uint64_t request_id = 0;
  std::uint64_t id = 0;
  std::optional<std::uint64_t> parent;
  std::string service, name, instance, status, peer;
  bool client = false;
  std::int64_t start_ns = 0, end_ns = 0, sent_ns = 0;
};

// Client span ids: the span number + 1 with the top bit set, so they never meet server span ids.
constexpr std::uint64_t CLIENT_BIT = std::uint64_t{1} << 63;

std::vector<OutSpan> out_spans(const std::vector<TraceSpan>& spans) {
  std::map<std::uint64_t, std::size_t> by_id;
  for (std::size_t i = 0; i < spans.size(); ++i) by_id[spans[i].span_id] = i;
  std::vector<OutSpan> out;
  out.reserve(spans.size() * 2);
  for (const auto& s : spans) {
    const bool arrived = s.arrived_s && !s.instance.empty();
    std::optional<std::uint64_t> server_parent;
    if (s.parent) {
      const auto p = by_id.find(*s.parent);
      if (p == by_id.end()) {
        server_parent = *s.parent + 1;  // the caller has no row (still in flight at the end): link to it all the same
      } else {
        OutSpan c;
        c.request_id = s.request_id;
        c.id = CLIENT_BIT | (s.span_id + 1);
        c.parent = *s.parent + 1;
        c.service = spans[p->second].service;
        c.name = s.endpoint;
        c.peer = s.service;
        c.client = true;
        c.status = s.status;
        c.start_ns = c.sent_ns = unix_ns(s.sent_s);
        c.end_ns = unix_ns(s.responded_s);
        out.push_back(std::move(c));
        server_parent = CLIENT_BIT | (s.span_id + 1);
      }
    }
    if (s.parent && !arrived && server_parent && (*server_parent & CLIENT_BIT)) continue;  // never reached the callee: the client span only
    OutSpan v;
    v.request_id = s.request_id;
    v.id = s.span_id + 1;
    v.parent = server_parent;
    v.service = s.service;
    v.name = s.endpoint;
    v.instance = s.instance;
    v.status = s.status;
    v.start_ns = unix_ns(start_of(s));
    v.end_ns = unix_ns(s.finished_s ? *s.finished_s : s.responded_s);
    v.sent_ns = unix_ns(s.sent_s);
    out.push_back(std::move(v));
  }
  return out;
}

std::string hex_id(std::uint64_t id) { return hex(id, 16); }

}  // namespace

std::string spans_to_otlp_json(const std::vector<TraceSpan>& spans, const std::string& scenario_name) {
  // One resourceSpans per service, in order of first appearance (spans are sorted by request and span).
  // Written piece by piece, one span per line: a DOM of a fully traced run would take gigabytes.
  std::vector<std::string> order;
  std::map<std::string, std::string> by_service;  // service -> its spans, as JSON text
  for (const auto& s : out_spans(spans)) {
    auto [it, fresh] = by_service.try_emplace(s.service, std::string());
    if (fresh) order.push_back(s.service);
    ojson j;
    j["traceId"] = trace_id(s.request_id);
    j["spanId"] = hex_id(s.id);
    j["parentSpanId"] = s.parent ? hex_id(*s.parent) : std::string();
    j["name"] = s.name;
    j["kind"] = s.client ? 3 : 2;  // SPAN_KIND_CLIENT, SPAN_KIND_SERVER
    j["startTimeUnixNano"] = std::to_string(s.start_ns);
    j["endTimeUnixNano"] = std::to_string(s.end_ns);
    ojson attrs = ojson::array();
    if (s.client) attrs.push_back(attr("peer.service", s.peer));
    if (!s.instance.empty()) attrs.push_back(attr("service.instance.id", s.instance));
    attrs.push_back(attr_int("msim.request_id", static_cast<std::int64_t>(s.request_id)));
    if (!s.client) attrs.push_back(attr_int("msim.sent_time_unix_nano", s.sent_ns));
    if (s.status != "ok") attrs.push_back(attr("msim.failure", s.status));
    j["attributes"] = std::move(attrs);
    j["status"] = s.status == "ok" ? ojson{{"code", 1}} : ojson{{"code", 2}, {"message", s.status}};
    if (!fresh) it->second += ",\n";
    it->second += j.dump();
  }
  std::string out = "{\"resourceSpans\": [";
  for (std::size_t k = 0; k < order.size(); ++k) {
    const ojson resource = {{"attributes", ojson::array({attr("service.name", order[k]), attr("service.namespace", scenario_name)})}};
    out += fmt::format("{}\n{{\"resource\": {}, \"scopeSpans\": [{{\"scope\": {{\"name\": \"msim\"}}, \"spans\": [\n", k ? "," : "", resource.dump());
    out += by_service[order[k]];
    out += "\n]}]}";
  }
  out += "\n]}\n";
  return out;
}

std::string spans_to_jaeger_json(const std::vector<TraceSpan>& spans, const std::string& scenario_name) {
  const auto all = out_spans(spans);
  std::string out = "{\"data\": [";  // one trace per line
  for (std::size_t i = 0; i < all.size();) {
    std::size_t end = i;
    while (end < all.size() && all[end].request_id == all[i].request_id) ++end;
    ojson trace;
    const std::string tid = trace_id(all[i].request_id);
    trace["traceID"] = tid;
    ojson js = ojson::array();
    std::map<std::string, std::string> pids;  // service -> "p<k>"
    std::vector<std::string> porder;
    for (std::size_t k = i; k < end; ++k) {
      const auto& s = all[k];
      auto [pit, fresh] = pids.try_emplace(s.service, fmt::format("p{}", pids.size() + 1));
      if (fresh) porder.push_back(s.service);
      ojson j;
      j["traceID"] = tid;
      j["spanID"] = hex_id(s.id);
      j["operationName"] = s.name;
      j["references"] = s.parent ? ojson::array({ojson{{"refType", "CHILD_OF"}, {"traceID", tid}, {"spanID", hex_id(*s.parent)}}}) : ojson::array();
      j["startTime"] = s.start_ns / 1000;  // microseconds
      j["duration"] = s.end_ns / 1000 - s.start_ns / 1000;
      ojson tags = ojson::array({ojson{{"key", "span.kind"}, {"type", "string"}, {"value", s.client ? "client" : "server"}}});
      if (s.client) tags.push_back({{"key", "peer.service"}, {"type", "string"}, {"value", s.peer}});
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
    out += i ? ",\n" : "\n";
    out += trace.dump();
    i = end;
  }
  out += "\n], \"total\": 0, \"limit\": 0, \"offset\": 0, \"errors\": null}\n";
  return out;
}

}  // namespace msim::importers
