#include "balancing/BalancingPolicy.hpp"

namespace msim::balancing {
namespace {

/** Maglev (Eisenbud et al. 2016): each backend fills a prime-sized table along its own permutation. */
class Maglev final : public BalancingPolicy {
public:
  static constexpr std::uint32_t TABLE_SIZE = 65537;
  explicit Maglev(std::uint64_t keys) : keys_(keys) {}
  std::uint32_t choose(const Request& r, Shared&) override {
    if (built_for_ != r.version || r.filtered) {
      build(r);
      built_for_ = r.filtered ? ~std::uint64_t{0} : r.version;  // rebuild again once the filter lifts
    }
    return table_[hash64(keys_ > 0 ? r.id % keys_ : r.id) % TABLE_SIZE];
  }

private:
  void build(const Request& r) {
    const std::uint32_t m = TABLE_SIZE;
    const std::size_t n = r.candidates.size();
    std::vector<std::uint32_t> offset(n), skip(n), next(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint64_t h = hash64(r.local(r.candidates[i]) + 0x51ED270B27ull);
      offset[i] = static_cast<std::uint32_t>(h % m);
      skip[i] = static_cast<std::uint32_t>(hash64(h) % (m - 1)) + 1;
    }
    table_.assign(m, NONE);
    std::uint32_t filled = 0;
    while (filled < m) {
      for (std::size_t i = 0; i < n && filled < m; ++i) {
        std::uint32_t c = static_cast<std::uint32_t>((offset[i] + static_cast<std::uint64_t>(next[i]) * skip[i]) % m);
        while (table_[c] != NONE) c = static_cast<std::uint32_t>((offset[i] + static_cast<std::uint64_t>(++next[i]) * skip[i]) % m);
        table_[c] = r.candidates[i];
        ++next[i];
        ++filled;
      }
    }
  }
  std::uint64_t keys_;
  std::uint64_t built_for_ = ~std::uint64_t{0};
  std::vector<std::uint32_t> table_;  // instance id per entry
};

}  // namespace

PolicyEntry maglev_policy() {
  return {"maglev", "Maglev consistent hashing (Envoy MAGLEV, table of 65537 entries): less key movement than a ring when the set changes",
          {{"keys", ParamSpec::Kind::INTEGER, 1, 1099511627776.0, 0, "distinct keys: requests hash on (request id mod keys); absent = request id"}},
          [](const Params& p) { return std::make_unique<Maglev>(static_cast<std::uint64_t>(p.at("keys"))); }};
}

}  // namespace msim::balancing
