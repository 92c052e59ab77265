#include "balancing/BalancingPolicy.hpp"

namespace msim::balancing {
namespace {

/** Nginx's smooth weighted round robin: each pick adds every weight to its instance's current
 *  weight, takes the largest, and subtracts the total from it. */
class WeightedRoundRobin final : public BalancingPolicy {
public:
  std::uint32_t choose(const Request& r, Shared& shared) override {
    double total = 0;
    std::uint32_t best = r.candidates[0];
    double best_weight = -1e300;
    for (const std::uint32_t id : r.candidates) {
      const std::uint32_t l = r.local(id);
      const double w = shared.weight(l);
      double& current = current_of(l);
      current += w;
      total += w;
      if (current > best_weight) {
        best_weight = current;
        best = id;
      }
    }
    current_of(r.local(best)) -= total;
    return best;
  }

private:
  double& current_of(std::uint32_t local) {
    if (local >= current_.size()) current_.resize(local + 1, 0.0);
    return current_[local];
  }
  std::vector<double> current_;  // per instance index
};

}  // namespace

PolicyEntry weighted_round_robin_policy() {
  return {"weighted_round_robin", "Nginx's smooth weighted round robin over the block's weights", {},
          [](const Params&) { return std::make_unique<WeightedRoundRobin>(); }};
}

}  // namespace msim::balancing
