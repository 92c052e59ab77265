#include "ResultTable.hpp"

#include <fmt/format.h>

namespace msim::cli {
namespace {

std::string count(std::uint64_t n) {
  std::string digits = fmt::format("{}", n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string ms(double v) { return v >= 100 ? fmt::format("{:.0f}", v) : v >= 10 ? fmt::format("{:.1f}", v) : fmt::format("{:.2f}", v); }

}  // namespace

std::string format_result_table(const nlohmann::ordered_json& s) {
  std::string out;
  auto line = [&](const std::string& text) { out += text + "\n"; };
  const double wall = s["wall_s"].get<double>();
  line(fmt::format("msim {} | scenario '{}' | seed {} | {:g} s simulated ({:g} s warm-up) in {:.2f} s wall | {} events ({:.1f}M/s)",
                   s["msim_version"].get<std::string>(), s["scenario"].get<std::string>(), s["seed"].get<std::uint64_t>(),
                   s["sim_time_s"].get<double>(), s["warmup_s"].get<double>(), wall, count(s["events"].get<std::uint64_t>()),
                   s["wall_events_per_s"].get<double>() / 1e6));
  line("");
  line(fmt::format("{:<22} {:>11} {:>8} {:>10} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}", "request type", "completed", "failed",
                   "thru/s", "mean ms", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms"));
  for (const auto& [name, r] : s["requests"].items()) {
    const auto& l = r["latency_ms"];
    line(fmt::format("{:<22} {:>11} {:>8} {:>10.1f} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}", name, count(r["completed"].get<std::uint64_t>()),
                     count(r["failed"].get<std::uint64_t>()), r["throughput_rps"].get<double>(), ms(l["mean"].get<double>()),
                     ms(l["p50"].get<double>()), ms(l["p90"].get<double>()), ms(l["p99"].get<double>()), ms(l["p999"].get<double>()),
                     ms(l["max"].get<double>())));
  }
  line("");
  line(fmt::format("{:<22} {:>8} {:>10} {:>6} {:>9} {:>9} {:>9} {:>9} {:>9} {:>8}", "service", "replicas", "thru/s", "util",
                   "queue", "mean ms", "p99 ms", "rejected", "timeouts", "errors"));
  for (const auto& [name, v] : s["services"].items()) {
    const auto& l = v["latency_ms"];
    line(fmt::format("{:<22} {:>8.1f} {:>10.1f} {:>5.0f}% {:>9.2f} {:>9} {:>9} {:>9} {:>9} {:>8}", name, v["replicas"]["mean"].get<double>(),
                     v["throughput_rps"].get<double>(), 100 * v["utilization"].get<double>(), v["queue_length"]["mean"].get<double>(),
                     ms(l["mean"].get<double>()), ms(l["p99"].get<double>()), count(v["rejected"].get<std::uint64_t>()),
                     count(v["timeouts"].get<std::uint64_t>()), count(v["errors"].get<std::uint64_t>())));
  }
  return out;
}

}  // namespace msim::cli
