#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "scenario/InputFile.hpp"
#include "importers/Importer.hpp"
#include "importers/Traces.hpp"
#include "scenario/ScenarioLoader.hpp"

namespace msim::importers {

const TraceModel::EndpointModel* TraceModel::find(const std::string& service, const std::string& name) const {
  for (const auto& e : endpoints)
    if (e.service == service && e.name == name) return &e;
  return nullptr;
}

namespace {

using json = nlohmann::json;

struct RawSpan {
  std::string trace, id, parent, service, name, instance;
  double start_s = 0, end_s = 0;  // seconds after the first span read (Reader::seconds)
  bool error = false;
  bool client = false;  // span kind CLIENT
  std::string peer;  // a client span's peer.service, db.system or server.address
  std::string where;  // JSON path, for messages
};

class Reader {
 public:
  Reader(std::string name, std::vector<std::string>& problems) : name_(std::move(name)), problems_(problems) {}

  void problem(const std::string& where, const std::string& msg) {
    if (problems_.size() < 50) problems_.push_back(fmt::format("{}: {}: {}", name_, where, msg));
  }

  const json* member(const json& obj, const char* key, const std::string& where, bool required) {
    if (!obj.is_object()) {
      problem(where, "expected an object");
      return nullptr;
    }
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) {
      if (required) problem(where, fmt::format("'{}' missing", key));
      return nullptr;
    }
    return &*it;
  }
  const json* array(const json& obj, const char* key, const std::string& where, bool required) {
    const json* a = member(obj, key, where, required);
    if (a && !a->is_array()) {
      problem(where + "." + key, "expected an array");
      return nullptr;
    }
    return a;
  }
  std::optional<std::string> string(const json& obj, const char* key, const std::string& where, bool required) {
    const json* s = member(obj, key, where, required);
    if (!s) return std::nullopt;
    if (!s->is_string()) {
      problem(where + "." + key, "expected a string");
      return std::nullopt;
    }
    return s->get<std::string>();
  }
  // A whole number given as a JSON number or a decimal string (OTLP/JSON writes 64-bit integers as strings).
  std::optional<std::uint64_t> whole(const json& obj, const char* key, const std::string& where, bool required) {
    const json* v = member(obj, key, where, required);
    if (!v) return std::nullopt;
    if (v->is_number_unsigned()) return v->get<std::uint64_t>();
    if (v->is_number_integer() && v->get<std::int64_t>() >= 0) return static_cast<std::uint64_t>(v->get<std::int64_t>());
    if (v->is_string()) {
      const auto s = v->get<std::string>();
      char* end = nullptr;
      const unsigned long long n = std::strtoull(s.c_str(), &end, 10);
      if (!s.empty() && end && *end == '\0') return static_cast<std::uint64_t>(n);
    }
    problem(where + "." + key, "expected a whole number (or a string of digits)");
    return std::nullopt;
  }

  static std::string attr_string(const json& attrs, const std::string& key) {
    if (!attrs.is_array()) return {};
    for (const auto& a : attrs)
      if (a.is_object() && a.value("key", "") == key && a.contains("value") && a["value"].is_object()) {
        const auto& v = a["value"];
        if (v.contains("stringValue") && v["stringValue"].is_string()) return v["stringValue"].get<std::string>();
      }
    return {};
  }

  void read_otlp(const json& root, std::vector<RawSpan>& out) {
    const json* rss = array(root, "resourceSpans", "(top level)", true);
    if (!rss) return;
    for (std::size_t i = 0; i < rss->size(); ++i) {
      const auto& rs = (*rss)[i];
      const std::string w = fmt::format("resourceSpans[{}]", i);
      std::string service;
      if (const json* res = member(rs, "resource", w, false))
        if (const json* attrs = member(*res, "attributes", w + ".resource", false)) service = attr_string(*attrs, "service.name");
      if (service.empty()) {
        problem(w, "resource attribute 'service.name' missing");
        continue;
      }
      const char* scope_key = rs.contains("scopeSpans") ? "scopeSpans" : "instrumentationLibrarySpans";
      const json* sss = array(rs, scope_key, w, true);
      if (!sss) continue;
      for (std::size_t j = 0; j < sss->size(); ++j) {
        const std::string ws = fmt::format("{}.{}[{}]", w, scope_key, j);
        const json* spans = array((*sss)[j], "spans", ws, false);
        if (!spans) continue;
        for (std::size_t k = 0; k < spans->size(); ++k) {
          const auto& s = (*spans)[k];
          RawSpan r;
          r.where = fmt::format("{}.spans[{}]", ws, k);
          r.service = service;
          auto tid = string(s, "traceId", r.where, true);
          auto sid = string(s, "spanId", r.where, true);
          auto name = string(s, "name", r.where, true);
          auto start = whole(s, "startTimeUnixNano", r.where, true);
          auto end = whole(s, "endTimeUnixNano", r.where, true);
          if (!tid || !sid || !name || !start || !end) continue;
          if (tid->empty() || sid->empty()) {
            problem(r.where, "empty traceId or spanId");
            continue;
          }
          r.trace = *tid;
          r.id = *sid;
          r.name = *name;
          r.parent = string(s, "parentSpanId", r.where, false).value_or("");
          r.start_s = seconds(*start);
          r.end_s = seconds(*end);
          if (const json* attrs = member(s, "attributes", r.where, false)) {
            r.instance = attr_string(*attrs, "service.instance.id");
            for (const char* key : {"peer.service", "db.system", "server.address", "net.peer.name"})
              if (r.peer.empty()) r.peer = attr_string(*attrs, key);
          }
          if (const json* kind = member(s, "kind", r.where, false))
            r.client = (kind->is_number_integer() && kind->get<int>() == 3) || (kind->is_string() && kind->get<std::string>() == "SPAN_KIND_CLIENT");
          if (const json* st = member(s, "status", r.where, false); st && st->is_object() && st->contains("code")) {
            const auto& c = (*st)["code"];
            r.error = (c.is_number() && c.get<int>() == 2) || (c.is_string() && c.get<std::string>() == "STATUS_CODE_ERROR");
          }
          out.push_back(std::move(r));
        }
      }
    }
  }

  void read_jaeger(const json& root, std::vector<RawSpan>& out) {
    const json* data = array(root, "data", "(top level)", true);
    if (!data) return;
    for (std::size_t i = 0; i < data->size(); ++i) {
      const auto& t = (*data)[i];
      const std::string w = fmt::format("data[{}]", i);
      std::map<std::string, std::string> procs;
      if (const json* ps = member(t, "processes", w, true); ps && ps->is_object()) {
        for (const auto& [pid, p] : ps->items()) {
          if (p.is_object() && p.contains("serviceName") && p["serviceName"].is_string()) procs[pid] = p["serviceName"].get<std::string>();
          else problem(w + ".processes." + pid, "'serviceName' missing");
        }
      }
      const json* spans = array(t, "spans", w, true);
      if (!spans) continue;
      for (std::size_t k = 0; k < spans->size(); ++k) {
        const auto& s = (*spans)[k];
        RawSpan r;
        r.where = fmt::format("{}.spans[{}]", w, k);
        auto tid = string(s, "traceID", r.where, true);
        auto sid = string(s, "spanID", r.where, true);
        auto name = string(s, "operationName", r.where, true);
        auto pid = string(s, "processID", r.where, true);
        auto start = whole(s, "startTime", r.where, true);
        auto dur = whole(s, "duration", r.where, true);
        if (!tid || !sid || !name || !pid || !start || !dur) continue;
        auto p = procs.find(*pid);
        if (p == procs.end()) {
          problem(r.where + ".processID", fmt::format("'{}' is not in the trace's processes", *pid));
          continue;
        }
        r.trace = *tid;
        r.id = *sid;
        r.name = *name;
        r.service = p->second;
        r.start_s = seconds(*start * 1000);
        r.end_s = seconds((*start + *dur) * 1000);
        if (const json* refs = member(s, "references", r.where, false); refs && refs->is_array())
          for (const auto& ref : *refs)
            if (ref.is_object() && ref.value("refType", "") == "CHILD_OF" && ref.contains("spanID") && ref["spanID"].is_string()) {
              r.parent = ref["spanID"].get<std::string>();
              break;
            }
        if (r.parent.empty() && s.contains("parentSpanID") && s["parentSpanID"].is_string()) r.parent = s["parentSpanID"].get<std::string>();
        if (r.parent.find_first_not_of('0') == std::string::npos) r.parent.clear();  // "0" in some exports
        if (const json* tags = member(s, "tags", r.where, false); tags && tags->is_array())
          for (const auto& tag : *tags) {
            if (!tag.is_object()) continue;
            const auto key = tag.value("key", "");
            if (key == "error" && tag.contains("value")) r.error = tag["value"].is_boolean() ? tag["value"].get<bool>() : tag["value"] == "true";
            if (!tag.contains("value") || !tag["value"].is_string()) continue;
            const auto value = tag["value"].get<std::string>();
            if (key == "service.instance.id") r.instance = value;
            if (key == "span.kind") r.client = value == "client";
            if ((key == "peer.service" || key == "db.system" || key == "server.address" || key == "net.peer.name") && r.peer.empty()) r.peer = value;
          }
        out.push_back(std::move(r));
      }
    }
  }

 // Unix nanoseconds to seconds after the first span's start: doubles keep sub-microsecond precision.
  double seconds(std::uint64_t ns) {
    if (!base_ns_) base_ns_ = ns;
    return static_cast<double>(static_cast<std::int64_t>(ns - *base_ns_)) / 1e9;
  }
  double base_s() const { return base_ns_ ? static_cast<double>(*base_ns_) / 1e9 : 0.0; }

 private:
  std::optional<std::uint64_t> base_ns_;
  std::string name_;
  std::vector<std::string>& problems_;
};

// A DNS label: lowercase letters, digits, '-'; at most 63 characters.
std::string dns_label(const std::string& s) {
  std::string out;
  for (char c : s) {
    const char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if ((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9')) out += l;
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  if (out.empty() || !(out[0] >= 'a' && out[0] <= 'z')) out = "s-" + out;
  if (out.size() > 60) out.resize(60);
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

std::string q(const std::string& s) { return json(s).dump(); }  // a JSON string is a YAML scalar

std::string ms(double seconds) { return fmt::format("{:.6g}ms", seconds * 1e3); }

double quantile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const double pos = p * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(pos);
  const auto hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (v[hi] - v[lo]) * (pos - static_cast<double>(lo));
}

std::string fit_work(double mean, double sd, std::size_t n) {
  if (mean <= 0) return "0ms";
  const double cv = sd / mean;
  if (n < 2 || cv < 0.05) return ms(mean);
  if (std::abs(cv - 1) <= 0.15) return fmt::format("exponential({})", ms(mean));
  return fmt::format("lognormal(mean={}, stddev={})", ms(mean), ms(sd));
}

}  // namespace

OtelImportResult import_otel(const std::string& text, const std::string& name, const std::string& output_name, double sample) {
  OtelImportResult result;
  auto& problems = result.problems;
  auto& notes = result.notes;
  json root;
  // The Collector's file exporter writes JSON lines: one ExportTraceServiceRequest per line.
  const auto first_nl = text.find('\n');
  const auto first_line = text.substr(0, first_nl);
  if (first_nl != std::string::npos && text.find_first_not_of(" \t\r\n", first_nl) != std::string::npos &&
      json::accept(first_line) && json::parse(first_line).contains("resourceSpans")) {
    root = json{{"resourceSpans", json::array()}};
    std::size_t pos = 0, line_no = 0;
    while (pos < text.size()) {
      auto nl = text.find('\n', pos);
      if (nl == std::string::npos) nl = text.size();
      const auto line = text.substr(pos, nl - pos);
      pos = nl + 1;
      ++line_no;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      try {
        auto j = json::parse(line);
        if (!j.is_object() || !j.contains("resourceSpans") || !j["resourceSpans"].is_array()) {
          problems.push_back(fmt::format("{}:{}:1: a line of OTLP JSON lines without a 'resourceSpans' array", name, line_no));
          return result;
        }
        for (auto& rs : j["resourceSpans"]) root["resourceSpans"].push_back(std::move(rs));
      } catch (const json::parse_error& e) {
        std::string msg = e.what();
        if (auto p = msg.find("syntax error"); p != std::string::npos) msg = msg.substr(p);
        problems.push_back(fmt::format("{}:{}:{}: malformed JSON: {}", name, line_no, e.byte, msg));
        return result;
      }
    }
    notes.push_back(fmt::format("{}: JSON lines, {} resourceSpans", name, root["resourceSpans"].size()));
  } else try {
    root = json::parse(text);
  } catch (const json::parse_error& e) {
    // Byte offset to line and column.
    std::size_t line = 1, col = 1;
    for (std::size_t i = 0; i + 1 < e.byte && i < text.size(); ++i)
      if (text[i] == '\n') ++line, col = 1;
      else ++col;
    std::string msg = e.what();
    if (auto p = msg.find("syntax error"); p != std::string::npos) msg = msg.substr(p);
    problems.push_back(fmt::format("{}:{}:{}: malformed JSON: {}", name, line, col, msg));
    return result;
  }
  std::vector<RawSpan> raw;
  Reader reader(name, problems);
  if (root.is_object() && root.contains("resourceSpans")) {
    reader.read_otlp(root, raw);
    notes.push_back(fmt::format("{}: OTLP/JSON", name));
  } else if (root.is_object() && root.contains("data")) {
    reader.read_jaeger(root, raw);
    notes.push_back(fmt::format("{}: Jaeger JSON", name));
  } else {
    problems.push_back(fmt::format("{}:1:1: neither OTLP/JSON (a top-level 'resourceSpans') nor Jaeger JSON (a top-level 'data')", name));
    return result;
  }
  if (!problems.empty()) return result;
  if (raw.empty()) {
    problems.push_back(fmt::format("{}: no spans found", name));
    return result;
  }
  for (auto& r : raw)
    if (r.end_s < r.start_s) {
      problems.push_back(fmt::format("{}: {}: the span ends before it starts", name, r.where));
      if (problems.size() > 20) break;
    }
  if (!problems.empty()) return result;

  // Index spans within their traces.
  std::unordered_map<std::string, std::size_t> index;  // trace + '/' + id
  index.reserve(raw.size());
  std::size_t duplicates = 0;
  std::vector<bool> skip(raw.size(), false);
  for (std::size_t i = 0; i < raw.size(); ++i)
    if (!index.emplace(raw[i].trace + "/" + raw[i].id, i).second) skip[i] = true, ++duplicates;
  if (duplicates) notes.push_back(fmt::format("{} spans with an id already seen in their trace were skipped", duplicates));
  std::vector<std::vector<std::size_t>> children(raw.size());
  std::vector<bool> is_root(raw.size(), false);
  std::size_t orphans = 0;
  std::set<std::string> traces;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (skip[i]) continue;
    traces.insert(raw[i].trace);
    if (raw[i].parent.empty()) {
      is_root[i] = true;
      continue;
    }
    auto it = index.find(raw[i].trace + "/" + raw[i].parent);
    if (it == index.end()) {
      is_root[i] = true;
      ++orphans;
    } else children[it->second].push_back(i);
  }
  if (orphans)
    notes.push_back(fmt::format("{} spans whose parent is not in the file are treated as the roots of their requests", orphans));

  // Client spans (kind CLIENT) with children are the caller's side of a call: transparent. Their
  // children are calls of the client span's parent, and the client span's interval (network
  // included) is what the parent waited. A client span without children (an uninstrumented
  // database, say) is a call to its peer.service / db.system / server.address, when it names one.
  std::vector<bool> hidden(raw.size(), false);
  std::size_t transparent = 0, peers = 0;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (skip[i] || !raw[i].client) continue;
    if (!children[i].empty()) hidden[i] = true, ++transparent;
    else if (!raw[i].peer.empty()) raw[i].service = raw[i].peer, ++peers;
  }
  // Effective children: (callee span, span whose interval the caller waited).
  std::vector<std::vector<std::pair<std::size_t, std::size_t>>> calls_of(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (skip[i] || hidden[i]) continue;
    for (auto c : children[i]) {
      if (!hidden[c]) {
        calls_of[i].emplace_back(c, c);
        continue;
      }
      std::vector<std::size_t> stack(children[c].begin(), children[c].end());
      while (!stack.empty()) {
        const auto g = stack.back();
        stack.pop_back();
        if (hidden[g]) stack.insert(stack.end(), children[g].begin(), children[g].end());
        else calls_of[i].emplace_back(g, c);
      }
    }
  }
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (skip[i] || !hidden[i] || !is_root[i]) continue;
    std::vector<std::size_t> stack(children[i].begin(), children[i].end());  // a client root: its calls are the roots
    while (!stack.empty()) {
      const auto g = stack.back();
      stack.pop_back();
      if (hidden[g]) stack.insert(stack.end(), children[g].begin(), children[g].end());
      else is_root[g] = true;
    }
  }
  if (transparent) notes.push_back(fmt::format("{} client spans with children were merged into the calls they made", transparent));
  if (peers) notes.push_back(fmt::format("{} client spans without children became calls to the service their peer attribute names", peers));

  // Service names become DNS labels.
  std::map<std::string, std::string> svc_name;
  std::set<std::string> used;
  {
    std::set<std::string> originals;
    for (const auto& r : raw) originals.insert(r.service);
    for (const auto& o : originals) {
      std::string l = dns_label(o), base = l;
      for (int k = 2; used.count(l); ++k) l = fmt::format("{}-{}", base, k);
      used.insert(l);
      svc_name[o] = l;
      if (l != o) notes.push_back(fmt::format("service '{}' is named '{}' (service names are DNS labels)", o, l));
    }
    for (auto& r : raw) r.service = svc_name[r.service];
  }


  // Per endpoint: self times, and calls per callee endpoint.
  struct Acc {
    std::vector<double> self;
    std::uint64_t errors = 0, roots = 0;
    std::map<std::pair<std::string, std::string>, std::pair<std::uint64_t, double>> calls;  // callee -> (count, sum of offsets)
    // For two callees called from one span: (spans calling both, spans where their calls overlap in time).
    std::map<std::pair<std::pair<std::string, std::string>, std::pair<std::string, std::string>>, std::pair<std::uint64_t, std::uint64_t>> together;
  };
  std::map<std::pair<std::string, std::string>, Acc> acc;
  std::map<std::string, std::set<std::string>> instances;
  std::vector<double> root_times;
  std::uint64_t counted = 0;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (skip[i] || hidden[i]) continue;
    const auto& r = raw[i];
    ++counted;
    auto& a = acc[{r.service, r.name}];
    instances[r.service];
    if (!r.instance.empty()) instances[r.service].insert(r.instance);
    if (r.error) ++a.errors;
    if (is_root[i]) ++a.roots, root_times.push_back(r.start_s);
    // Self time: the span minus the union of its children's intervals (clipped to the span).
    std::vector<std::pair<double, double>> iv;
    for (const auto& [c, waited] : calls_of[i]) {
      const auto& ch = raw[c];
      iv.emplace_back(std::max(raw[waited].start_s, r.start_s), std::min(raw[waited].end_s, r.end_s));
      auto& e = a.calls[{ch.service, ch.name}];
      ++e.first;
      e.second += ch.start_s - r.start_s;
    }
    if (calls_of[i].size() > 1) {
      std::map<std::pair<std::string, std::string>, std::vector<std::pair<double, double>>> by_callee;
      for (const auto& [c, waited] : calls_of[i]) by_callee[{raw[c].service, raw[c].name}].emplace_back(raw[waited].start_s, raw[waited].end_s);
      for (auto x = by_callee.begin(); x != by_callee.end(); ++x)
        for (auto y = x; y != by_callee.end(); ++y) {
          if (x == y && x->second.size() < 2) continue;  // (x, x): the repeated calls of one callee overlap each other
          bool overlap = false;
          for (std::size_t ia = 0; ia < x->second.size(); ++ia)
            for (std::size_t ib = x == y ? ia + 1 : 0; ib < y->second.size(); ++ib) {
              const auto [a0, a1] = x->second[ia];
              const auto [b0, b1] = y->second[ib];
              overlap = overlap || (a0 < b1 && b0 < a1);
            }
          auto& t = a.together[{x->first, y->first}];
          ++t.first;
          t.second += overlap ? 1 : 0;
        }
    }
    std::sort(iv.begin(), iv.end());
    double covered = 0, cur_lo = 0, cur_hi = -1;
    for (const auto& [lo, hi] : iv) {
      if (hi <= lo) continue;
      if (lo > cur_hi) {
        if (cur_hi > cur_lo) covered += cur_hi - cur_lo;
        cur_lo = lo, cur_hi = hi;
      } else cur_hi = std::max(cur_hi, hi);
    }
    if (cur_hi > cur_lo) covered += cur_hi - cur_lo;
    a.self.push_back(std::max(0.0, (r.end_s - r.start_s) - covered));
  }

  auto& model = result.model;
  model.spans = counted;
  model.traces = traces.size();
  model.roots = root_times.size();
  if (!root_times.empty()) {
    std::sort(root_times.begin(), root_times.end());
    model.first_root_s = reader.base_s() + root_times.front();
    model.last_root_s = reader.base_s() + root_times.back();
  }
  for (const auto& [svc, ins] : instances) model.instances[svc] = ins.size();
  for (auto& [key, a] : acc) {
    TraceModel::EndpointModel e;
    e.service = key.first;
    e.name = key.second;
    e.spans = a.self.size();
    e.errors = a.errors;
    e.roots = a.roots;
    double sum = 0, sq = 0;
    for (double x : a.self) sum += x;
    e.self_mean_s = sum / static_cast<double>(e.spans);
    for (double x : a.self) sq += (x - e.self_mean_s) * (x - e.self_mean_s);
    e.self_sd_s = e.spans > 1 ? std::sqrt(sq / static_cast<double>(e.spans - 1)) : 0;
    e.self_p50_s = quantile(a.self, 0.5);
    e.self_p99_s = quantile(a.self, 0.99);
    e.work = fit_work(e.self_mean_s, e.self_sd_s, e.spans);
    for (const auto& [callee, c] : a.calls)
      e.calls.push_back({callee.first, callee.second, c.first, static_cast<double>(c.first) / static_cast<double>(e.spans),
                         c.second / static_cast<double>(c.first)});
    for (auto& c : e.calls) {
      const std::pair<std::string, std::string> k{c.service, c.endpoint};
      const auto it = a.together.find({k, k});
      c.concurrent = it != a.together.end() && 2 * it->second.second > it->second.first;
    }
    std::stable_sort(e.calls.begin(), e.calls.end(), [](const auto& x, const auto& y) { return x.mean_offset_s < y.mean_offset_s; });
    // Parallel blocks: callees whose calls overlap in time in most spans that call both (union-find).
    std::vector<std::size_t> group(e.calls.size());
    for (std::size_t k = 0; k < group.size(); ++k) group[k] = k;
    auto root_of = [&](std::size_t k) {
      while (group[k] != k) k = group[k] = group[group[k]];
      return k;
    };
    for (std::size_t x = 0; x < e.calls.size(); ++x)
      for (std::size_t z = x + 1; z < e.calls.size(); ++z) {
        std::pair<std::string, std::string> kx{e.calls[x].service, e.calls[x].endpoint}, kz{e.calls[z].service, e.calls[z].endpoint};
        if (kz < kx) std::swap(kx, kz);
        const auto it = a.together.find({kx, kz});
        if (it != a.together.end() && 2 * it->second.second > it->second.first) group[root_of(z)] = root_of(x);
      }
    // Steps in order of their first call; calls within a step keep their order.
    std::map<std::size_t, std::size_t> step_of_root;
    for (std::size_t k = 0; k < e.calls.size(); ++k) {
      const auto r = root_of(k);
      auto it = step_of_root.find(r);
      if (it == step_of_root.end()) it = step_of_root.emplace(r, step_of_root.size()).first;
      e.calls[k].step = it->second;
    }
    std::stable_sort(e.calls.begin(), e.calls.end(), [](const auto& x, const auto& y) { return x.step < y.step; });
    model.endpoints.push_back(std::move(e));
  }

  // The scenario.
  std::string scenario_name = std::filesystem::path(output_name).stem().string();
  if (scenario_name.empty()) scenario_name = "imported-traces";
  std::string y;
  y += fmt::format("# Imported by `msim import otel` from {}: {} traces, {} spans.\n", name, model.traces, model.spans);
  y += "# Service times are the spans' self times (duration minus the time covered by child spans), so they include\n"
       "# queueing (and, where a call has no client span, its network time). Calls are in the order they were made on average; calls that overlap in\n"
       "# time in most of the spans that make both are a parallel block.\n";
  y += fmt::format("name: {}\n", q(scenario_name));
  y += "services:\n";
  std::string current;
  bool defaults_noted = false;
  for (const auto& e : model.endpoints) {
    if (e.service != current) {
      current = e.service;
      const auto n = model.instances[current];
      y += fmt::format("  {}:\n    replicas: {}\n    workers: 16\n    endpoints:\n", current, std::max<std::size_t>(n, 1));
      if (n == 0) notes.push_back(fmt::format("service {}: no instance ids (service.instance.id) in the spans: 1 replica", current));
      defaults_noted = true;
    }
    y += fmt::format("      {}:\n        work: {}\n", q(e.name), q(e.work));
    notes.push_back(fmt::format("{}.{}: {} spans, self time mean {}, p50 {}, p99 {}: work {}{}", e.service, e.name, e.spans, ms(e.self_mean_s),
                                ms(e.self_p50_s), ms(e.self_p99_s), e.work,
                                e.errors ? fmt::format(" ({} spans with an error status)", e.errors) : std::string()));
    if (e.calls.empty()) continue;
    y += "        calls:\n";
    std::vector<std::string> lines;
    for (std::size_t k = 0; k < e.calls.size(); ++k) {
      const auto& c = e.calls[k];
      const std::string target = q(c.service + "." + c.endpoint);
      const double m = c.mean_calls;
      std::string line;
      if (std::abs(m - 1) < 5e-4) line = target;
      else if (m < 1) line = fmt::format("{{ call: {}, probability: {:.4g}% }}", target, m * 100);
      else if (std::abs(m - std::round(m)) < 0.02) line = fmt::format("{{ call: {}, count: {} }}", target, std::round(m));
      else {
        const double n = std::ceil(m);
        line = fmt::format("{{ call: {}, count: {}, probability: {:.4g}% }}", target, n, m / n * 100);
        notes.push_back(fmt::format("{}.{} -> {}.{}: {:.4g} calls per span, written as count {} with probability {:.4g}% (same mean)", e.service,
                                    e.name, c.service, c.endpoint, m, n, m / n * 100));
      }
      lines.push_back(line);
      const bool last_of_step = k + 1 == e.calls.size() || e.calls[k + 1].step != c.step;
      if (!last_of_step) continue;
      if (lines.size() == 1 && !c.concurrent) y += "          - " + lines[0] + "\n";
      else if (lines.size() == 1) y += "          - parallel: [ " + lines[0] + " ]\n";
      else {
        y += "          - parallel:\n";
        for (const auto& l : lines) y += "              - " + l + "\n";
      }
      lines.clear();
    }
  }
  if (defaults_noted) notes.push_back("workers: 16 per instance (default; traces do not show capacity)");

  // Workload: one Poisson entry per root endpoint, rates from the root spans' start times.
  y += "workload:\n";
  const double window = model.roots >= 2 ? model.last_root_s - model.first_root_s : 0;
  if (window <= 0) notes.push_back("fewer than two root spans (or all at one time): the arrival rate defaults to 1/s");
  const double total_rate = window > 0 ? static_cast<double>(model.roots - 1) / window / sample : 1.0;
  if (sample < 1) notes.push_back(fmt::format("arrival rate divided by the sampled fraction {}", sample));
  std::set<std::string> wl_names;
  for (const auto& e : model.endpoints) {
    if (!e.roots) continue;
    std::string wn = dns_label(e.service + "-" + e.name), base = wn;
    for (int k = 2; wl_names.count(wn); ++k) wn = fmt::format("{}-{}", base, k);
    wl_names.insert(wn);
    const double share = static_cast<double>(e.roots) / static_cast<double>(model.roots);
    const double rate = total_rate * share;
    y += fmt::format("  - {{ name: {}, arrival: poisson, rate: {:.6g}/s, call: {} }}\n", q(wn), rate, q(e.service + "." + e.name));
    notes.push_back(fmt::format("workload {}: {:.4g} % of the {} root spans, {:.6g}/s Poisson", wn, share * 100, model.roots, rate));
  }
  if (window > 0)
    notes.push_back(fmt::format("arrival rate {:.6g}/s from {} root spans over {:.6g} s", total_rate, model.roots, window));

  const auto base = std::filesystem::path(output_name).parent_path().string();
  const auto loaded = scenario::load_scenario_text(y, output_name.empty() ? "<imported scenario>" : output_name, base.empty() ? "." : base);
  for (const auto& d : loaded.diagnostics) problems.push_back("the imported scenario: " + d.format());
  if (problems.empty()) result.yaml = y;
  return result;
}

OtelImportResult import_otel_file(const std::string& path, const std::string& output_name, double sample) {
  auto text = scenario::read_input_file(path, scenario::MAX_TRACE_BYTES);
  if (!text) {
    OtelImportResult r;
    r.problems.push_back(fmt::format("{}: cannot read the file: {}", path, text.error));
    return r;
  }
  return import_otel(*text.value, path, output_name, sample);
}

namespace {
ImportOutcome run_otel(const ImportRequest& request) {
  const std::string& text = request.options.at("sample");
  double sample = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), sample);
  if (error != std::errc() || end != text.data() + text.size() || !(sample > 0 && sample <= 1))
    return {{}, {}, {fmt::format("import otel: --sample '{}': give the fraction of requests that was traced, a number in (0, 1], e.g. 0.01", text)}, {}};
  auto r = import_otel_file(request.inputs.front(), request.output, sample);
  return {std::move(r.yaml), std::move(r.notes), std::move(r.problems), {}};
}
}  // namespace

ImporterEntry otel_importer() {
  return {"otel", "From OpenTelemetry OTLP/JSON or Jaeger JSON traces (span trees)", "TRACES", "Traces file (OTLP/JSON or Jaeger JSON)", false,
          {{"sample", "FRACTION", "Fraction of requests that was traced (scales the arrival rate)", "1"}}, run_otel};
}

}  // namespace msim::importers
