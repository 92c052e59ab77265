#include "ResultTable.hpp"

#include <fmt/format.h>

namespace msim::cli {
namespace {

using json = nlohmann::ordered_json;

std::string count(double n) {
  std::string digits = fmt::format("{:.0f}", n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && digits[i - 1] != '-' && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string num(double v) {
  const double a = std::abs(v);
  return a >= 100 ? fmt::format("{:.0f}", v) : a >= 10 ? fmt::format("{:.1f}", v) : fmt::format("{:.2f}", v);
}

// A value, with its 95 % half-width when the summary aggregates replications.
class Cells {
public:
  Cells(const json& values, const json* ci) : values_(values), ci_(ci) {}
  double value(const json::json_pointer& p) const { return values_.at(p).get<double>(); }
  std::string operator()(const std::string& path, bool as_count = false) const {
    const json::json_pointer p(path);
    const double v = value(p);
    std::string text = as_count ? count(v) : num(v);
    if (ci_ && ci_->contains(p)) text += "±" + num(ci_->at(p).get<double>());
    return text;
  }

private:
  const json& values_;
  const json* ci_;
};

// RFC 6901 escaping of one reference token ("GET /home" -> "GET ~1home").
std::string escape(const std::string& token) {
  std::string out;
  for (const char c : token) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

}  // namespace

std::string format_result_table(const json& s) {
  std::string out;
  auto line = [&](const std::string& text) { out += text + "\n"; };
  const bool replicated = s.contains("replications");
  const json* ci = replicated && s.contains("ci95") ? &s["ci95"] : nullptr;
  const int w = replicated ? 15 : 9;
  line(fmt::format("msim {} | scenario '{}' | seed {} | {:g} s simulated ({:g} s warm-up){} in {:.2f} s wall | {} events ({:.1f}M/s)",
                   s["msim_version"].get<std::string>(), s["scenario"].get<std::string>(), s["seed"].get<std::uint64_t>(),
                   s["sim_time_s"].get<double>(), s["warmup_s"].get<double>(),
                   replicated ? fmt::format(" x {} replications", s["replications"].get<std::size_t>()) : "", s["wall_s"].get<double>(),
                   count(s["events"].get<double>()), s["wall_events_per_s"].get<double>() / 1e6));
  if (replicated) line("(values are means across replications, ± the 95 % confidence half-width)");
  line("");
  const bool slo = s["requests"]["all"].contains("slo");
  line(fmt::format("{:<22} {:>{w}} {:>{w}} {:>{w}} {:>{w}} {:>{w}} {:>{w}} {:>{w}} {:>{w}} {:>{w}}{}", "request type", "completed", "failed",
                   "failed %", "goodput/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "p99 all ms",
                   slo ? fmt::format(" {:>{}}", "SLO met %", w) : "", fmt::arg("w", w)));
  const Cells cell(s, ci);
  auto percent_of = [&](const std::string& path) {  // a 0..1 ratio shown as a percentage, with its CI
    const json::json_pointer p(path);
    json v = {{"v", 100 * s.value(p, 0.0)}};
    json v_ci = ci && ci->contains(p) ? json{{"v", 100 * ci->at(p).get<double>()}} : json();
    return Cells(v, v_ci.is_null() ? nullptr : &v_ci)("/v");
  };
  for (const auto& [name, r] : s["requests"].items()) {
    const std::string p = "/requests/" + escape(name);  // names may hold '/'
    line(fmt::format("{:<22} {:>{w}} {:>{w}} {:>{w}} {:>{w}} {:>{w}} {:>{w}} {:>{w}} {:>{w}} {:>{w}}{}", name, cell(p + "/completed", true),
                     cell(p + "/failed", true), percent_of(p + "/failed_ratio"), cell(p + "/throughput_rps"), cell(p + "/latency_ms/p50"),
                     cell(p + "/latency_ms/p90"), cell(p + "/latency_ms/p99"), cell(p + "/latency_ms/max"), cell(p + "/latency_all_ms/p99"),
                     slo && r.contains("slo") ? fmt::format(" {:>{}}", percent_of(p + "/slo/attainment"), w) : "", fmt::arg("w", w)));
  }
  const auto& all = s["requests"]["all"];
  if (all.value("failed", 0.0) > 0) {
    std::string causes;
    for (const auto& [cause, n] : all["failed_by_cause"].items())
      if (n.get<double>() > 0)
        causes += fmt::format("{}{} {} ({:.1f} %)", causes.empty() ? "" : ", ", cause, count(n.get<double>()),
                              100 * n.get<double>() / all["failed"].get<double>());
    line("failed by cause (all requests): " + causes);
  }
  line(fmt::format("(latency of completed requests; 'p99 all' also counts each failed request at the time it failed{})",
                   slo ? fmt::format("; SLO met: share of requests within {:g} ms, a failure counts as a miss",
                                     s["requests"]["all"]["slo"]["objective_ms"].get<double>())
                       : ""));
  line("");
  line(fmt::format("{:<22} {:>{w}} {:>{w}} {:>{w}} {:>{w}} {:>{w}} {:>{w}} {:>{w}} {:>{w}} {:>{w}}", "service", "replicas", "thru/s", "util %",
                   "queue", "mean ms", "p99 ms", "rejected", "timeouts", "errors", fmt::arg("w", w)));
  for (const auto& [name, v] : s["services"].items()) {
    const std::string p = "/services/" + escape(name);
    json percent = {{"u", 100 * v["utilization"].get<double>()}};
    json percent_ci = ci ? json{{"u", 100 * ci->at(json::json_pointer(p + "/utilization")).get<double>()}} : json();
    const std::string util = Cells(percent, ci ? &percent_ci : nullptr)("/u");
    line(fmt::format("{:<22} {:>{w}} {:>{w}} {:>{w}} {:>{w}} {:>{w}} {:>{w}} {:>{w}} {:>{w}} {:>{w}}", name, cell(p + "/replicas/mean"),
                     cell(p + "/throughput_rps"), util, cell(p + "/queue_length/mean"), cell(p + "/latency_ms/mean"),
                     cell(p + "/latency_ms/p99"), cell(p + "/rejected", true), cell(p + "/timeouts", true), cell(p + "/errors", true),
                     fmt::arg("w", w)));
  }
  return out;
}

std::vector<std::string> headline_warnings(const json& s, double failed_threshold) {
  std::vector<std::string> out;
  const auto& all = s["requests"]["all"];
  const double completed = all.value("completed", 0.0), failed = all.value("failed", 0.0);
  std::string causes;
  for (const auto& [cause, n] : all["failed_by_cause"].items())
    if (n.get<double>() > 0) causes += fmt::format("{}{} {:.0f} %", causes.empty() ? "" : ", ", cause, 100 * n.get<double>() / failed);
  if (completed == 0 && failed == 0) {
    out.push_back("WARNING: no request completed or failed in the measured window: nothing was measured (is the run shorter than "
                  "the warm-up plus a response time, or do calls never finish?)");
  } else if (completed == 0) {
    out.push_back(fmt::format("WARNING: no request completed: all {} failed ({}); every latency of completed requests is empty (0)",
                              count(failed), causes));
  } else if (failed / (completed + failed) > failed_threshold) {
    out.push_back(fmt::format("WARNING: {:.1f} % of requests failed ({}): the latency of completed requests alone looks better than "
                              "what users saw; see 'failed %' and 'p99 all'",
                              100 * failed / (completed + failed), causes));
  }
  return out;
}

}  // namespace msim::cli
