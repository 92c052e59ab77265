#pragma once
/** @file
 *  @brief One caller's (or one proxy's) balancer over a target service's instances: the policy
 *         chosen from the registry (sim/balancing/), plus what every policy shares: requests
 *         outstanding per instance, avoiding ejected instances (panic mode when none is left), and
 *         Nginx-style passive health marking.
 */
#include <cstdint>
#include <memory>
#include <vector>

#include "balancing/BalancingPolicy.hpp"
#include "core/RandomStream.hpp"
#include "core/SimTime.hpp"
#include "scenario/ScenarioSpec.hpp"

namespace msim::model {

/**
 * Instances are named by global id in `visible` and by their index within the service
 * (`local(id)`) for per-instance state. pick() is O(1) for round robin, random, least request and
 * the hashes, O(n) for least outstanding and weighted round robin.
 */
class Balancer {
public:
  static constexpr std::uint32_t NONE = balancing::NONE;

  /** `spec.policy` must name a registered policy (the loader checks it). */
  Balancer(const scenario::BalancerSpec& spec, core::RandomStream rng);

  /**
   * Chooses among `visible` (whose contents change only with `version`). `usable(id)` is false for
   * instances ejected by outlier detection; together with passive health marks they are avoided
   * unless no other is left. Returns NONE when `visible` is empty.
   */
  template <class IndexOf, class Usable>
  std::uint32_t pick(const std::vector<std::uint32_t>& visible, std::uint64_t version, std::uint64_t request_id, core::SimTime now,
                     const IndexOf& local, Usable usable, bool may_be_unusable = true);

  void on_sent(std::uint32_t local) { shared_.add_outstanding(local, 1); }
  /** A call it chose has ended (the caller got its answer or gave up). */
  void on_done(std::uint32_t local, core::SimTime now, core::SimTime latency) {
    shared_.add_outstanding(local, -1);
    if (observes_latency_) policy_->on_done(local, now, latency);
  }
  /** A connection to it failed (passive health: Nginx max_fails within fail_timeout). */
  void on_connection_failed(std::uint32_t local, core::SimTime now);

  int outstanding(std::uint32_t local) const { return shared_.outstanding(local); }
  const scenario::BalancerSpec& spec() const { return spec_; }

private:
  struct Health {  // Nginx passive health, per instance index
    int fails = 0;
    core::SimTime first_fail;
    core::SimTime down_until;
  };

  scenario::BalancerSpec spec_;
  balancing::Shared shared_;
  std::unique_ptr<balancing::BalancingPolicy> policy_;
  bool observes_latency_;
  std::vector<Health> health_;
  std::vector<std::uint32_t> candidates_;  // scratch
};

template <class IndexOf, class Usable>
std::uint32_t Balancer::pick(const std::vector<std::uint32_t>& visible, std::uint64_t version, std::uint64_t request_id, core::SimTime now,
                             const IndexOf& local, Usable usable, bool may_be_unusable) {
  if (visible.empty()) return NONE;
  auto ok = [&](std::uint32_t id) {
    if (!usable(id)) return false;
    if (spec_.max_fails == 0) return true;
    const std::uint32_t l = local(id);
    return l >= health_.size() || now >= health_[l].down_until;
  };
  // The candidates are the usable instances, or all of them when none is usable (panic mode).
  const std::vector<std::uint32_t>* pool = &visible;
  bool filtered = false;
  if (may_be_unusable || spec_.max_fails > 0) {  // the common case needs no scan
    for (const std::uint32_t id : visible)
      if (!ok(id)) {
        filtered = true;
        break;
      }
  }
  if (filtered) {
    candidates_.clear();
    for (const std::uint32_t id : visible)
      if (ok(id)) candidates_.push_back(id);
    if (!candidates_.empty()) pool = &candidates_;
  }
  return policy_->choose({*pool, filtered, version, request_id, now, balancing::LocalIndex(local)}, shared_);
}

}  // namespace msim::model
