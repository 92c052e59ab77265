#include "balancing/BalancingPolicy.hpp"

namespace msim::balancing {
namespace {

class RoundRobin final : public BalancingPolicy {
public:
  std::uint32_t choose(const Request& r, Shared&) override {
    if (next_ >= r.candidates.size()) next_ = 0;
    return r.candidates[next_++];
  }

private:
  std::uint32_t next_ = 0;
};

}  // namespace

PolicyEntry round_robin_policy() {
  return {"round_robin", "each instance in turn (kube-proxy IPVS rr, Envoy ROUND_ROBIN without weights)", {},
          [](const Params&) { return std::make_unique<RoundRobin>(); }};
}

}  // namespace msim::balancing
