#include "balancing/BalancingPolicy.hpp"

namespace msim::balancing {
namespace {

class Random final : public BalancingPolicy {
public:
  std::uint32_t choose(const Request& r, Shared& shared) override {
    return r.candidates[shared.uniform(static_cast<std::uint32_t>(r.candidates.size()))];
  }
};

}  // namespace

PolicyEntry random_policy() {
  return {"random", "uniformly at random (Envoy RANDOM, kube-proxy iptables mode)", {},
          [](const Params&) { return std::make_unique<Random>(); }};
}

}  // namespace msim::balancing
