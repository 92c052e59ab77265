#include "experiment/LoadWindows.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "scenario/Units.hpp"
#include "scenario/failures/FailureKind.hpp"

namespace msim::experiment {
namespace {

using core::SimTime;
constexpr double GROUP_S = 60;  // changes closer than this are one change
constexpr std::size_t MAX_WINDOWS = 8;

struct Change {
  double at_s;
  std::string why;
};

std::string rate_text(double r) { return fmt::format("{:g}/s", r); }

std::string failure_kind(const std::string& name) {
  const auto* kind = scenario::find_failure_kind(name);
  return kind ? kind->label : name;
}

std::vector<Change> changes_of(const scenario::ScenarioSpec& spec) {
  std::vector<Change> out;
  for (const auto& w : spec.workloads) {
    const auto& r = w.rate;
    using K = scenario::RateProfile::Kind;
    if (r.kind == K::STEPS)
      for (std::size_t i = 1; i < r.steps.size(); ++i)
        out.push_back({r.steps[i].first, fmt::format("load {} -> {}", rate_text(r.steps[i - 1].second), rate_text(r.steps[i].second))});
    if (r.kind == K::SPIKE) {
      out.push_back({r.t0, fmt::format("load spike {} -> {}", rate_text(r.rate), rate_text(r.rate2))});
      out.push_back({r.t0 + r.t1, fmt::format("load back to {}", rate_text(r.rate))});
    }
    if (r.kind == K::RAMP) {
      out.push_back({r.t0, fmt::format("load ramp {} -> {}", rate_text(r.rate), rate_text(r.rate2))});
      out.push_back({r.t1, fmt::format("load steady at {}", rate_text(r.rate2))});
    }
  }
  for (const auto& f : spec.failures) {
    const std::string target = !f.service.empty() ? f.service : !f.zone.empty() ? "zone " + f.zone : !f.node.empty() ? "node " + f.node : "";
    out.push_back({f.at.seconds(), fmt::format("failure: {}{}", failure_kind(f.kind), target.empty() ? "" : " " + target)});
    if (f.duration) out.push_back({(f.at + *f.duration).seconds(), fmt::format("recovery: {}{}", failure_kind(f.kind), target.empty() ? "" : " " + target)});
  }
  std::stable_sort(out.begin(), out.end(), [](const Change& a, const Change& b) { return a.at_s < b.at_s; });
  return out;
}

}  // namespace

std::string short_time(SimTime t) {
  auto s = static_cast<long long>(std::llround(t.seconds()));
  const long long h = s / 3600, m = (s % 3600) / 60;
  s %= 60;
  std::string out;
  if (h) out += fmt::format("{}h", h);
  if (m) out += fmt::format("{}m", m);
  if (s || out.empty()) out += fmt::format("{}s", s);
  return out;
}

std::vector<TimeWindow> automatic_windows(const scenario::ScenarioSpec& spec) {
  const double start = spec.warmup.seconds(), end = spec.duration.seconds();
  std::vector<Change> groups;  // first change of each group, with the group's reasons
  for (const auto& c : changes_of(spec)) {
    if (c.at_s < start || c.at_s >= end) continue;
    if (!groups.empty() && c.at_s - groups.back().at_s < GROUP_S) {
      // Same change: keep the first time; a load change keeps its first rate and takes the new last one.
      auto& why = groups.back().why;
      if (why.rfind("load ", 0) == 0 && c.why.rfind("load ", 0) == 0) why = why.substr(0, why.rfind("-> ") + 3) + c.why.substr(c.why.rfind("-> ") + 3);
      else if (why.find(c.why) == std::string::npos) why += "; " + c.why;
      continue;
    }
    groups.push_back(c);
  }
  std::vector<TimeWindow> out;
  for (std::size_t i = 0; i < groups.size() && out.size() < MAX_WINDOWS; ++i) {
    const auto from = SimTime::from_seconds(groups[i].at_s);
    const auto to = i + 1 < groups.size() ? SimTime::from_seconds(groups[i + 1].at_s) : spec.duration;
    out.push_back({from, to, short_time(from) + "-" + short_time(to), groups[i].why});
  }
  return out;
}

TimeWindow parse_window(const std::string& text, const scenario::ScenarioSpec& spec) {
  auto sep = text.find("..");
  std::size_t skip = 2;
  if (sep == std::string::npos) sep = text.find('-'), skip = 1;
  if (sep == std::string::npos) throw std::invalid_argument(fmt::format("--window '{}': give FROM..TO, e.g. 10m..20m", text));
  const auto from = scenario::parse_duration(text.substr(0, sep));
  const auto to = scenario::parse_duration(text.substr(sep + skip));
  if (!from || !to) throw std::invalid_argument(fmt::format("--window '{}': {}", text, !from ? from.error : to.error));
  const auto a = SimTime::from_seconds(*from.value), b = SimTime::from_seconds(*to.value);
  if (!(a < b) || b > spec.duration || a < spec.warmup)
    throw std::invalid_argument(fmt::format("--window '{}': FROM must be before TO, within the measured window {}..{}", text,
                                            short_time(spec.warmup), short_time(spec.duration)));
  return {a, b, short_time(a) + "-" + short_time(b), "asked for"};
}

}  // namespace msim::experiment
