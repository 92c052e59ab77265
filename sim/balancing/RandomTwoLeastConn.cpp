#include <vector>

#include "balancing/BalancingPolicy.hpp"

namespace msim::balancing {
namespace {

/**
 * Nginx's `random two least_conn` (ngx_http_upstream_random_module): two different instances are
 * drawn at random in proportion to their weights; the one with fewer requests in flight per unit
 * of weight wins, the second drawn on a tie. Nginx gives up after 20 draws without two different
 * instances (likely only with very unequal weights) and falls back to its smooth weighted round
 * robin; so does this policy.
 */
class RandomTwoLeastConn final : public BalancingPolicy {
public:
  std::uint32_t choose(const Request& r, Shared& shared) override {
    const auto n = static_cast<std::uint32_t>(r.candidates.size());
    if (n < 2) return r.candidates[0];
    const double total = weighted_total(r, shared);  // 0: equal weights, draw uniformly
    std::uint32_t first = NONE;
    for (int draws = 0; draws < MAX_DRAWS; ++draws) {
      const std::uint32_t id = r.candidates[draw(r, shared, total)];
      if (first == NONE) {
        first = id;
        continue;
      }
      if (id == first) continue;
      const std::uint32_t a = r.local(first), b = r.local(id);
      // Nginx: keep the first when conns(second) x weight(first) > conns(first) x weight(second).
      return shared.outstanding(b) * shared.weight(a) > shared.outstanding(a) * shared.weight(b) ? first : id;
    }
    return weighted_round_robin(r, shared);
  }

private:
  static constexpr int MAX_DRAWS = 20;

  /** The candidates' total weight, or 0 when they all weigh the same (or nothing). */
  static double weighted_total(const Request& r, const Shared& shared) {
    double total = 0;
    bool equal = true;
    const double w0 = shared.weight(r.local(r.candidates[0]));
    for (const std::uint32_t id : r.candidates) {
      const double w = shared.weight(r.local(id));
      total += w;
      equal = equal && w == w0;
    }
    return equal || total <= 0 ? 0.0 : total;
  }

  /** An index into r.candidates, with probability weight / `total` (uniform when `total` is 0). */
  static std::uint32_t draw(const Request& r, Shared& shared, double total) {
    const auto n = static_cast<std::uint32_t>(r.candidates.size());
    if (total == 0) return shared.uniform(n);
    // A uniform point in [0, total) from 32 random bits (the balancer's stream draws integers).
    const double x = shared.uniform(0xFFFFFFFFu) / 4294967295.0 * total;
    double upto = 0;
    for (std::uint32_t i = 0; i < n; ++i) {
      upto += shared.weight(r.local(r.candidates[i]));
      if (x < upto) return i;
    }
    return n - 1;
  }

  /** Nginx's smooth weighted round robin, the fallback. */
  std::uint32_t weighted_round_robin(const Request& r, Shared& shared) {
    double total = 0, best_weight = -1e300;
    std::uint32_t best = r.candidates[0];
    for (const std::uint32_t id : r.candidates) {
      const std::uint32_t l = r.local(id);
      if (l >= current_.size()) current_.resize(l + 1, 0.0);
      current_[l] += shared.weight(l);
      total += shared.weight(l);
      if (current_[l] > best_weight) {
        best_weight = current_[l];
        best = id;
      }
    }
    current_[r.local(best)] -= total;
    return best;
  }

  std::vector<double> current_;  // the fallback's current weights, per instance index
};

}  // namespace

PolicyEntry random_two_least_conn_policy() {
  return {"random_two_least_conn",
          "Nginx's random two least_conn: two different instances drawn in proportion to their weights, fewer requests in flight per "
          "weight wins (the second drawn on a tie)",
          {},
          [](const Params&) { return std::make_unique<RandomTwoLeastConn>(); }};
}

}  // namespace msim::balancing
