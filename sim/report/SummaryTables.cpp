#include "report/SummaryTables.hpp"

#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "report/Axis.hpp"
#include "report/SvgWriter.hpp"

namespace msim::report {
namespace {

using json = nlohmann::ordered_json;

std::optional<double> number(const json& root, const json::json_pointer& at) {
  if (!root.contains(at) || !root.at(at).is_number()) return std::nullopt;
  return root.at(at).get<double>();
}

// A value of summary.json, with its 95 % half-width when the summary has a ci95 tree.
std::string cell(const json& summary, const std::string& pointer, double scale = 1) {
  const json::json_pointer at(pointer);
  const auto value = number(summary, at);
  if (!value) return "<td>–</td>";
  std::string text = format_value(*value * scale);
  if (summary.contains("ci95"))
    if (const auto ci = number(summary["ci95"], at)) text += fmt::format(" <span class=\"ci\">± {}</span>", format_value(*ci * scale, 2));
  return "<td>" + text + "</td>";
}

std::string pointer_to(const std::string& a, const std::string& b) {
  // JSON pointer segments escape '~' and '/' (service and request type names may hold them).
  auto esc = [](const std::string& s) {
    std::string out;
    for (const char c : s) {
      if (c == '~') out += "~0";
      else if (c == '/') out += "~1";
      else out += c;
    }
    return out;
  };
  return fmt::format("/{}/{}", esc(a), esc(b));
}

}  // namespace

std::string html_escape(const std::string& text) { return svg::escape(text); }

std::string requests_table(const json& summary) {
  bool slo = false;
  for (const auto& [name, r] : summary["requests"].items()) slo = slo || r.contains("slo");
  std::string s = "<table class=\"summary\"><thead><tr><th>request type</th><th>completed</th><th>failed</th><th>failed (%)</th>"
                  "<th>throughput (req/s)</th><th>p50 (ms)</th><th>p90 (ms)</th><th>p99 (ms)</th><th>p99.9 (ms)</th><th>max (ms)</th>";
  if (slo) s += "<th>SLO attainment (%)</th>";
  s += "</tr></thead><tbody>\n";
  for (const auto& [name, r] : summary["requests"].items()) {
    const std::string base = pointer_to("requests", name);
    const double completed = r.value("completed", 0.0), failed = r.value("failed", 0.0);
    s += fmt::format("<tr{}><th>{}</th>", name == "all" ? " class=\"total\"" : "", html_escape(name));
    s += cell(summary, base + "/completed") + cell(summary, base + "/failed");
    s += fmt::format("<td>{}</td>", completed + failed > 0 ? format_value(100 * failed / (completed + failed)) : "–");
    s += cell(summary, base + "/throughput_rps");
    for (const char* p : {"p50", "p90", "p99", "p999", "max"}) s += cell(summary, base + "/latency_ms/" + p);
    if (slo) s += r.contains("slo") ? cell(summary, base + "/slo/attainment", 100) : "<td>–</td>";
    s += "</tr>\n";
  }
  return s + "</tbody></table>\n";
}

std::string services_table(const json& summary) {
  std::string s = "<table class=\"summary\"><thead><tr><th>service</th><th>replicas (mean)</th><th>replicas (min–max)</th>"
                  "<th>CPU utilization (%)</th><th>queue (mean calls)</th><th>throughput (calls/s)</th><th>p50 (ms)</th>"
                  "<th>p99 (ms)</th><th>failed (calls)</th><th>timeouts (calls)</th><th>autoscaler</th></tr></thead><tbody>\n";
  for (const auto& [name, v] : summary["services"].items()) {
    const std::string base = pointer_to("services", name);
    s += fmt::format("<tr><th>{}</th>", html_escape(name));
    s += cell(summary, base + "/replicas/mean");
    const auto lo = number(summary, json::json_pointer(base + "/replicas/min")), hi = number(summary, json::json_pointer(base + "/replicas/max"));
    s += lo && hi ? fmt::format("<td>{}–{}</td>", format_value(*lo), format_value(*hi)) : "<td>–</td>";
    s += cell(summary, base + "/utilization", 100) + cell(summary, base + "/queue_length/mean") + cell(summary, base + "/throughput_rps");
    s += cell(summary, base + "/latency_ms/p50") + cell(summary, base + "/latency_ms/p99");
    s += cell(summary, base + "/failed") + cell(summary, base + "/timeouts");
    s += fmt::format("<td>{}</td></tr>\n", html_escape(v.value("autoscaler", std::string("–"))));
  }
  return s + "</tbody></table>\n";
}

std::string provenance(const json& summary) {
  std::string s = "<dl class=\"provenance\">";
  auto item = [&](const char* label, const std::string& value) {
    s += fmt::format("<div><dt>{}</dt><dd>{}</dd></div>", label, html_escape(value));
  };
  auto text = [&](const char* key) { return summary.contains(key) ? (summary[key].is_string() ? summary[key].get<std::string>() : summary[key].dump()) : "–"; };
  item("scenario", text("scenario"));
  item("scenario file", text("scenario_path"));
  item("seed", text("seed"));
  const double duration = summary.value("sim_time_s", 0.0), warmup = summary.value("warmup_s", 0.0);
  const bool hours = hours_format(duration);
  item("duration", fmt::format("{} {} ({} s)", format_time(duration, hours), hours ? "h:mm" : "m:ss", format_value(duration)));
  item("warm-up", fmt::format("{} s", format_value(warmup)));
  if (summary.contains("replications")) item("replications", summary["replications"].dump());
  if (summary.contains("overrides") && !summary["overrides"].empty()) {
    std::string o;
    for (const auto& [k, v] : summary["overrides"].items()) o += (o.empty() ? "" : ", ") + k + "=" + (v.is_string() ? v.get<std::string>() : v.dump());
    item("--set", o);
  }
  item("msim", text("msim_version"));
  return s + "</dl>\n";
}

}  // namespace msim::report
