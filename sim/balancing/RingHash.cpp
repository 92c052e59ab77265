#include <algorithm>

#include "balancing/BalancingPolicy.hpp"

namespace msim::balancing {
namespace {

/** Ketama: each instance owns a fixed number of points, hashed from its identity, so adding an
 *  instance only takes keys from the others (about 1/N of them). */
class RingHash final : public BalancingPolicy {
public:
  RingHash(std::uint64_t keys, std::size_t points) : keys_(keys), points_(points) {}
  std::uint32_t choose(const Request& r, Shared&) override {
    if (built_for_ != r.version || r.filtered) {
      build(r);
      built_for_ = r.filtered ? ~std::uint64_t{0} : r.version;  // rebuild again once the filter lifts
    }
    const std::uint64_t h = hash64(keys_ > 0 ? r.id % keys_ : r.id);
    auto it = std::lower_bound(ring_.begin(), ring_.end(), std::pair<std::uint64_t, std::uint32_t>{h, 0});
    if (it == ring_.end()) it = ring_.begin();
    return it->second;
  }

private:
  void build(const Request& r) {
    ring_.clear();
    for (const std::uint32_t id : r.candidates)
      for (std::size_t k = 0; k < points_; ++k) ring_.emplace_back(hash64((std::uint64_t{r.local(id)} << 32) ^ k), id);
    std::sort(ring_.begin(), ring_.end());
  }
  std::uint64_t keys_;  // requests hash on (id mod keys); 0 = the id
  std::size_t points_;
  std::uint64_t built_for_ = ~std::uint64_t{0};
  std::vector<std::pair<std::uint64_t, std::uint32_t>> ring_;  // (point, instance id), sorted
};

}  // namespace

PolicyEntry ring_hash_policy() {
  return {"ring_hash",
          "consistent hashing on a ketama ring (Envoy RING_HASH): a request key keeps its instance while the set changes",
          {{"keys", ParamSpec::Kind::INTEGER, 1, 1099511627776.0, 0, "distinct keys: requests hash on (request id mod keys); absent = request id"},
           {"pointsPerInstance", ParamSpec::Kind::INTEGER, 1, 100000, 160, "points each instance owns on the ring (ketama's 160)"}},
          [](const Params& p) {
            return std::make_unique<RingHash>(static_cast<std::uint64_t>(p.at("keys")), static_cast<std::size_t>(p.at("pointsPerInstance")));
          }};
}

}  // namespace msim::balancing
