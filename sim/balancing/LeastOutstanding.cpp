#include "balancing/BalancingPolicy.hpp"

namespace msim::balancing {
namespace {

/** Join the shortest queue: a full scan, ties broken at random so that equal instances share the load. */
class LeastOutstanding final : public BalancingPolicy {
public:
  std::uint32_t choose(const Request& r, Shared& shared) override {
    int fewest = 0;
    std::uint32_t ties = 0, chosen = r.candidates[0];
    for (const std::uint32_t id : r.candidates) {
      const int o = shared.outstanding(r.local(id));
      if (ties == 0 || o < fewest) {
        fewest = o;
        ties = 1;
        chosen = id;
      } else if (o == fewest && shared.uniform(++ties) == 0) {
        chosen = id;  // reservoir sampling among the ties
      }
    }
    return chosen;
  }
};

}  // namespace

PolicyEntry least_outstanding_policy() {
  return {"least_outstanding", "join the shortest queue: the fewest requests in flight over all instances, ties broken at random", {},
          [](const Params&) { return std::make_unique<LeastOutstanding>(); }};
}

}  // namespace msim::balancing
