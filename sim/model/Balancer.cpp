#include "model/Balancer.hpp"

#include <stdexcept>

namespace msim::model {

namespace {
std::unique_ptr<balancing::BalancingPolicy> make_policy(const scenario::BalancerSpec& spec) {
  const balancing::PolicyEntry* entry = balancing::find_policy(spec.policy);
  if (entry == nullptr) throw std::invalid_argument("unknown balancing policy '" + spec.policy + "'");
  return balancing::make_policy(*entry, spec.params);
}
}  // namespace

Balancer::Balancer(const scenario::BalancerSpec& spec, core::RandomStream rng)
    : spec_(spec), shared_(std::move(rng), spec.weights), policy_(make_policy(spec)), observes_latency_(policy_->observes_latency()) {}

void Balancer::on_connection_failed(std::uint32_t local, core::SimTime now) {
  if (spec_.max_fails == 0) return;
  if (local >= health_.size()) health_.resize(local + 1);
  Health& s = health_[local];
  if (s.fails == 0 || now - s.first_fail > spec_.fail_timeout) {
    s.fails = 0;
    s.first_fail = now;
  }
  if (++s.fails >= spec_.max_fails) {
    s.down_until = now + spec_.fail_timeout;
    s.fails = 0;
  }
}

}  // namespace msim::model
