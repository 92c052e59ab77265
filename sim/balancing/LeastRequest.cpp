#include "balancing/BalancingPolicy.hpp"

namespace msim::balancing {
namespace {

/** Envoy's LEAST_REQUEST: choice_count hosts drawn uniformly (with replacement); the fewest active requests wins. */
class LeastRequest final : public BalancingPolicy {
public:
  explicit LeastRequest(int choices) : choices_(choices) {}
  std::uint32_t choose(const Request& r, Shared& shared) override {
    const auto size = static_cast<std::uint32_t>(r.candidates.size());
    std::uint32_t chosen = r.candidates[shared.uniform(size)];
    for (int k = 1; k < choices_; ++k) {
      const std::uint32_t other = r.candidates[shared.uniform(size)];
      if (shared.outstanding(r.local(other)) < shared.outstanding(r.local(chosen))) chosen = other;
    }
    return chosen;
  }

private:
  int choices_;
};

}  // namespace

PolicyEntry least_request_policy() {
  return {"least_request",
          "Envoy's LEAST_REQUEST: the fewest active requests among choiceCount hosts drawn at random (power of two choices)",
          {{"choiceCount", ParamSpec::Kind::INTEGER, 1, 100, 2, "hosts drawn per pick (Envoy's choice_count)"}},
          [](const Params& p) { return std::make_unique<LeastRequest>(static_cast<int>(p.at("choiceCount"))); }};
}

}  // namespace msim::balancing
