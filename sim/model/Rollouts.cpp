#include "model/Rollouts.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace msim::model {

using Strategy = scenario::RolloutSpec::Strategy;
using Phase = RolloutState::Phase;

namespace {
// The Deployment controller reacts to pod events; re-examining every second is close enough for
// start-up times of seconds and keeps the rollout out of the request path.
const core::SimTime TICK = core::SimTime::from_seconds(1);

const char* strategy_name(Strategy s) {
  return s == Strategy::ROLLING ? "rolling update" : s == Strategy::CANARY ? "canary" : "blue-green";
}
}  // namespace

void Rollouts::start() {
  for (std::uint32_t s = 0; s < services_.size(); ++s) {
    const auto& ss = spec_.services[s];
    if (!ss.rollout) continue;
    Service& svc = services_[s];
    svc.versions.rollout.emplace();
    svc.versions.rollout->spec = &*ss.rollout;
    if (ss.rollout->at < spec_.duration) sim_.schedule_at<&Rollouts::on_start>(ss.rollout->at, this, s);
  }
}

void Rollouts::check_rollbacks() {
  for (std::uint32_t s = 0; s < services_.size(); ++s)
    if (services_[s].versions.rollout) check_rollback(s);
}

void Rollouts::on_start(std::uint64_t s) {
  Service& svc = services_[s];
  RolloutState& r = *svc.versions.rollout;
  const auto& spec = *r.spec;
  r.phase = Phase::ROLLING;
  r.started_at = sim_.now();
  svc.versions.work[1] = spec.work_factor;
  svc.versions.errors[1] = spec.error_rate;
  svc.versions.new_instance = 1;
  const int replicas = svc.replicas.desired;
  std::string how = spec.strategy == Strategy::BLUE_GREEN
                        ? fmt::format("{} new instances beside the old ones, traffic switched when all are ready", replicas)
                        : fmt::format("maxSurge {} maxUnavailable {}", spec.max_surge.resolve(replicas, true), spec.max_unavailable.resolve(replicas, false));
  events_.log("rollout", "", svc.name, "v2", "v1", "v2", fmt::format("{}: {}", strategy_name(spec.strategy), how));
  if (spec.strategy == Strategy::BLUE_GREEN)
    for (int k = 0; k < replicas; ++k) replicas_.add_instance(static_cast<std::uint32_t>(s));
  on_tick(s);
}

void Rollouts::on_tick(std::uint64_t s) {
  RolloutState& r = *services_[s].versions.rollout;
  if (r.phase != Phase::ROLLING) return;
  reconcile(static_cast<std::uint32_t>(s));
  if (r.phase == Phase::ROLLING && sim_.now() + TICK <= spec_.duration) sim_.schedule_in<&Rollouts::on_tick>(TICK, this, s);
}

void Rollouts::reconcile(std::uint32_t s) {
  Service& svc = services_[s];
  RolloutState& r = *svc.versions.rollout;
  const auto& spec = *r.spec;
  const auto now = sim_.now();
  const int replicas = svc.replicas.desired;
  std::vector<std::uint32_t> fresh, old;  // live instances of the target version, and the others
  for (const auto i : svc.instances) {
    const Instance& inst = instances_[i];
    if (inst.life.gone || inst.life.draining) continue;
    (inst.version == r.target ? fresh : old).push_back(i);
  }
  auto count_available = [&](const std::vector<std::uint32_t>& list) {
    int n = 0;
    for (const auto i : list) n += budgets_.available(instances_[i]) ? 1 : 0;
    return n;
  };

  if (spec.strategy == Strategy::BLUE_GREEN && !r.switched) {
    if (r.target == 0) {  // rolled back before the switch: blue never stopped serving
      for (const auto i : old) replicas_.drain(i, "rollback: green discarded");
      r.phase = Phase::ROLLED_BACK;
      r.finished_at = now;
      return;
    }
    int held = 0;
    for (const auto i : fresh) held += instances_[i].view.held && budgets_.available(instances_[i]) ? 1 : 0;
    if (held >= replicas) switch_blue_green(s);
    return;
  }

  // How many instances the target version should have now: all of them, or the canary's share.
  int want = replicas;
  if (spec.strategy == Strategy::CANARY && r.target == 1 && r.step < spec.steps.size())
    want = std::max(1, static_cast<int>(std::ceil(spec.steps[r.step].weight * replicas - 1e-9)));
  int surge = spec.max_surge.resolve(replicas, true);
  int unavailable = spec.max_unavailable.resolve(replicas, false);
  if (surge == 0 && unavailable == 0) unavailable = 1;  // as Kubernetes does when both round to 0
  // Up: new instances while the total stays within replicas + maxSurge.
  const int room = replicas + surge - static_cast<int>(fresh.size() + old.size());
  for (int k = 0; k < std::min(room, want - static_cast<int>(fresh.size())); ++k) fresh.push_back(replicas_.add_instance(s));
  // Down: old instances beyond replicas - want; not-ready ones first (they count for nothing),
  // then ready ones while at least replicas - maxUnavailable stay available (and the PDB holds).
  int excess = static_cast<int>(old.size()) - (replicas - want);
  int removable = std::min(count_available(fresh) + count_available(old) - (replicas - unavailable), budgets_.allowed(s));
  const char* why = r.target == 1 ? "rollout: replaced by the new version" : "rollback: replaced by the old version";
  for (const auto i : old)
    if (excess > 0 && !budgets_.available(instances_[i])) replicas_.drain(i, why), --excess;
  for (const auto i : old)
    if (excess > 0 && removable > 0 && budgets_.available(instances_[i]) && !instances_[i].life.draining) replicas_.drain(i, why), --excess, --removable;

  // Progress: the step (or the whole rollout) is reached when the target version has `want`
  // available instances and no old instance is left beyond replicas - want.
  const bool reached = count_available(fresh) >= want && excess <= 0;
  if (!reached) return;
  if (spec.strategy == Strategy::CANARY && r.target == 1 && r.step < spec.steps.size()) {
    if (r.step_reached == core::SimTime::max()) {
      r.step_reached = now;
      events_.log("rollout_step", "", svc.name, "v2", "", fmt::format("{:g}%", 100 * spec.steps[r.step].weight),
                fmt::format("canary at {} of {} instances; pausing {:g} s", want, replicas, spec.steps[r.step].pause.seconds()));
    }
    if (now - r.step_reached >= spec.steps[r.step].pause) {
      ++r.step;
      r.step_reached = core::SimTime::max();
    }
    return;
  }
  r.phase = r.target == 1 ? Phase::DONE : Phase::ROLLED_BACK;
  r.finished_at = now;
  events_.log(r.target == 1 ? "rollout_done" : "rollback_done", "", svc.name, r.target == 1 ? "v2" : "v1", "", "",
            fmt::format("all {} instances on {}", replicas, r.target == 1 ? "the new version" : "the old version"));
}

void Rollouts::switch_blue_green(std::uint32_t s) {
  Service& svc = services_[s];
  RolloutState& r = *svc.versions.rollout;
  r.switched = true;
  view_.release_held(s, r.target);
  events_.log("rollout_switch", "", svc.name, "v2", "v1", "v2", "every green instance ready: the Service now selects them");
  for (const auto i : svc.instances)
    if (!instances_[i].life.gone && !instances_[i].life.draining && instances_[i].version != r.target) replicas_.drain(i, "blue-green: switched away");
  r.phase = Phase::DONE;
  r.finished_at = sim_.now();
  events_.log("rollout_done", "", svc.name, "v2", "", "", fmt::format("all {} instances on the new version", svc.replicas.desired));
}

void Rollouts::check_rollback(std::uint32_t s) {
  Service& svc = services_[s];
  RolloutState& r = *svc.versions.rollout;
  if (r.phase != Phase::ROLLING || r.target != 1 || r.switched) return;
  const auto& spec = *r.spec;
  std::string reason;
  if (spec.rollback_on_slo && spec_.slo_latency) {
    // The interval's percentile over completed and failed requests (failures count as too slow).
    const auto& o = outcomes_.all().interval;
    const double completed = static_cast<double>(o.completed_count()), total = completed + static_cast<double>(o.failed_count());
    if (total > 0) {
      const double q = spec_.slo_quantile * total / std::max(completed, 1.0);
      const double slo_ns = static_cast<double>(spec_.slo_latency->ns());
      if (completed == 0 || q > 1.0) reason = fmt::format("SLO missed: too many failures ({:.3g} % of requests)", 100 * (total - completed) / total);
      else if (const double p = o.latency.quantile(q); p > slo_ns)
        reason = fmt::format("SLO missed: p{:g} {:.3g} ms > {:.3g} ms", 100 * spec_.slo_quantile, p / 1e6, slo_ns / 1e6);
    }
  }
  if (reason.empty() && spec.rollback_error_rate) {
    const auto& o = svc.stats.outcome.interval;
    const double total = static_cast<double>(o.completed_count() + o.failed_count());
    if (total > 0 && static_cast<double>(o.failed_count()) / total > *spec.rollback_error_rate)
      reason = fmt::format("errors {:.3g} % > {:.3g} %", 100 * static_cast<double>(o.failed_count()) / total, 100 * *spec.rollback_error_rate);
  }
  if (reason.empty()) return;
  r.target = 0;
  r.rolled_back_at = sim_.now();
  r.rollback_reason = reason;
  svc.versions.new_instance = 0;
  events_.log("rollback", "", svc.name, "v1", "v2", "v1", reason);
  reconcile(s);
}

}  // namespace msim::model
