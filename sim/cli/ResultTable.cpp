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
  line(fmt::format("{:<22} {:>{w}} {:>{w}} {:>{w}} {:>{w}} {:>{w}} {:>{w}} {:>{w}} {:>{w}} {:>{w}}", "request type", "completed", "failed",
                   "thru/s", "mean ms", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms", fmt::arg("w", w)));
  const Cells cell(s, ci);
  for (const auto& [name, r] : s["requests"].items()) {
    const std::string p = "/requests/" + escape(name);  // names may hold '/'
    line(fmt::format("{:<22} {:>{w}} {:>{w}} {:>{w}} {:>{w}} {:>{w}} {:>{w}} {:>{w}} {:>{w}} {:>{w}}", name, cell(p + "/completed", true),
                     cell(p + "/failed", true), cell(p + "/throughput_rps"), cell(p + "/latency_ms/mean"), cell(p + "/latency_ms/p50"),
                     cell(p + "/latency_ms/p90"), cell(p + "/latency_ms/p99"), cell(p + "/latency_ms/p999"), cell(p + "/latency_ms/max"),
                     fmt::arg("w", w)));
  }
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

}  // namespace msim::cli
