#include "scenario/SpecChecks.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace msim::scenario {

// --scale-traffic: every open workload's rate profile, every closed workload's users, times `k`.
void scale_traffic(ScenarioSpec& spec, double k, Diagnostics& diagnostics) {
  const SourceLocation where{"--scale-traffic", 0, 0};
  if (!(k > 0) || !std::isfinite(k)) {
    diagnostics.error(where, "give a factor above 0, e.g. 2x or 0.5x");
    return;
  }
  for (auto& w : spec.workloads) {
    if (w.kind == WorkloadSpec::Kind::CLOSED) {
      w.users = std::max(1, static_cast<int>(std::lround(w.users * k)));
    } else if (w.arrival == WorkloadSpec::Arrival::TRACE) {
      diagnostics.error(where, fmt::format("workload '{}' replays single requests from a trace, which cannot be scaled: use a trace of "
                                           "per-second rates (second,rate) or scale the trace file",
                                           w.name));
    } else {
      w.rate.rate *= k;
      w.rate.rate2 *= k;
      for (auto& step : w.rate.steps) step.second *= k;
    }
  }
  spec.overrides.emplace_back("--scale-traffic", fmt::format("{:g}x", k));
}

// A draw longer than the run never completes within it (simulated time saturates rather than
// wrapping): say so when that is likely, as it usually means a unit slipped (36500d for 365ms).
void warn_unfinishable_draws(const ScenarioSpec& spec, std::vector<Diagnostic>& warnings) {
  const double run = spec.duration.seconds();
  auto check = [&](const Distribution& d, const SourceLocation& where, const std::string& what) {
    const double beyond = 1 - d.cdf(run);
    if (!(beyond > 0.01)) return;
    warnings.push_back({where, fmt::format("warning: {}: {} of its draws ({}) are longer than the whole run ({:g} s); those never complete within it",
                                           what, beyond > 0.999 ? std::string("nearly all") : fmt::format("{:.1f} %", 100 * beyond),
                                           d.describe(), run)});
  };
  for (const auto& svc : spec.services)
    for (const auto& ep : svc.endpoints) check(ep.work, ep.where, fmt::format("services.{}.endpoints.{}.work", svc.name, ep.name));
  for (const auto& w : spec.workloads)
    if (w.kind == WorkloadSpec::Kind::CLOSED) check(w.think, w.where, fmt::format("workload.{}.think", w.name));
}

// Names end up in CSV cells, JSON strings, Prometheus labels and trace files: a control character
// (a line break, a tab) would make one of them unreadable, so none is accepted.
void check_names(const ScenarioSpec& spec, Diagnostics& diagnostics) {
  auto check = [&](const std::string& name, const SourceLocation& where, const std::string& what) {
    const auto bad = std::find_if(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
    if (bad == name.end()) return;
    diagnostics.error(where, fmt::format("{} name holds a control character (code {}, at position {}): names are one line of printable text",
                                         what, static_cast<int>(static_cast<unsigned char>(*bad)), bad - name.begin() + 1));
  };
  for (const auto& svc : spec.services) {
    check(svc.name, svc.where, "the service");
    for (const auto& ep : svc.endpoints) check(ep.name, ep.where, fmt::format("services.{}: the endpoint", svc.name));
  }
  for (const auto& w : spec.workloads) {
    check(w.name, w.where, "the workload");
    for (const auto& t : w.mix) check(t.name, t.where, "the request type");
  }
  for (const auto& pool : spec.cluster.pools) check(pool.name, SourceLocation{spec.path, 0, 0}, "the node pool");
  for (const auto& zone : spec.cluster.zones) check(zone, SourceLocation{spec.path, 0, 0}, "the zone");
}

}  // namespace msim::scenario
