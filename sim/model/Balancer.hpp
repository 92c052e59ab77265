#pragma once
/** @file
 *  @brief Load-balancing policies: round robin, smooth weighted round robin (Nginx), random,
 *         least outstanding (join the shortest queue), least request (Envoy's power of two
 *         choices), ring hash (ketama) and Maglev consistent hashing, and peak EWMA (Finagle);
 *         with Nginx-style passive health marking.
 */
#include <cstdint>
#include <vector>

#include <boost/random/uniform_int_distribution.hpp>

#include "core/RandomStream.hpp"
#include "core/SimTime.hpp"
#include "scenario/ScenarioSpec.hpp"

namespace msim::model {

/**
 * @brief One caller's (or one proxy's) view of a target service's instances.
 *
 * Instances are named by global id in `visible` and by their index within the service
 * (`local(id)`) for per-instance state. pick() is O(1) for round robin, random, least request and
 * the hashes, O(n) for least outstanding and weighted round robin.
 */
class Balancer {
public:
  static constexpr std::uint32_t NONE = 0xFFFFFFFFu;
  static constexpr std::uint32_t MAGLEV_TABLE_SIZE = 65537;

  Balancer(const scenario::BalancerSpec& spec, core::RandomStream rng);

  /**
   * Chooses among `visible` (whose contents change only with `version`). `usable(id)` is false for
   * instances ejected by outlier detection; together with passive health marks they are avoided
   * unless no other is left. Returns NONE when `visible` is empty.
   */
  template <class LocalIndex, class Usable>
  std::uint32_t pick(const std::vector<std::uint32_t>& visible, std::uint64_t version, std::uint64_t request_id, core::SimTime now,
                     LocalIndex local, Usable usable, bool may_be_unusable = true);

  void on_sent(std::uint32_t local);
  /** A call it chose has ended (the caller got its answer or gave up). */
  void on_done(std::uint32_t local, core::SimTime now, core::SimTime latency);
  /** A connection to it failed (passive health: Nginx max_fails within fail_timeout). */
  void on_connection_failed(std::uint32_t local, core::SimTime now);

  int outstanding(std::uint32_t local) const { return local < per_.size() ? per_[local].outstanding : 0; }
  const scenario::BalancerSpec& spec() const { return spec_; }

  /** The hash key of a request (its id, or id mod `keys`), as ring hash and Maglev use it. */
  std::uint64_t key_of(std::uint64_t request_id) const;
  static std::uint64_t hash64(std::uint64_t x);

private:
  struct PerInstance {
    int outstanding = 0;
    double current_weight = 0;  // smooth weighted round robin
    double ewma = 0;  // seconds, peak EWMA
    core::SimTime ewma_at;
    int fails = 0;
    core::SimTime first_fail;
    core::SimTime down_until;
  };
  PerInstance& state(std::uint32_t local) {
    if (local >= per_.size()) per_.resize(local + 1);
    return per_[local];
  }
  template <class LocalIndex>
  void rebuild_hash_tables(const std::vector<std::uint32_t>& visible, LocalIndex local);
  std::uint32_t uniform(std::uint32_t n) { return boost::random::uniform_int_distribution<std::uint32_t>(0, n - 1)(rng_.engine()); }
  double weight_of(std::uint32_t local) const { return local < spec_.weights.size() ? spec_.weights[local] : 1.0; }

  scenario::BalancerSpec spec_;
  core::RandomStream rng_;
  std::uint32_t next_ = 0;  // round robin position
  std::vector<PerInstance> per_;
  std::vector<std::uint32_t> candidates_;  // scratch
  std::uint64_t tables_version_ = ~std::uint64_t{0};
  std::vector<std::pair<std::uint64_t, std::uint32_t>> ring_;  // (point, instance id), sorted
  std::vector<std::uint32_t> maglev_;  // instance id per table entry
};

template <class LocalIndex>
void Balancer::rebuild_hash_tables(const std::vector<std::uint32_t>& visible, LocalIndex local) {
  ring_.clear();
  maglev_.clear();
  if (visible.empty()) return;
  if (spec_.policy == scenario::BalancerKind::RING_HASH) {
    // Ketama: each instance owns a fixed number of points, hashed from its identity, so adding
    // an instance only takes keys from the others (about 1/N of them).
    const auto per_instance = static_cast<std::size_t>(spec_.points_per_instance);
    for (const std::uint32_t id : visible)
      for (std::size_t k = 0; k < per_instance; ++k) ring_.emplace_back(hash64((std::uint64_t{local(id)} << 32) ^ k), id);
    std::sort(ring_.begin(), ring_.end());
    return;
  }
  // Maglev (Eisenbud et al. 2016): each backend fills the table along its own permutation.
  const std::uint32_t m = MAGLEV_TABLE_SIZE;
  const std::size_t n = visible.size();
  std::vector<std::uint32_t> offset(n), skip(n), next(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t h = hash64(local(visible[i]) + 0x51ED270B27ull);
    offset[i] = static_cast<std::uint32_t>(h % m);
    skip[i] = static_cast<std::uint32_t>(hash64(h) % (m - 1)) + 1;
  }
  maglev_.assign(m, NONE);
  std::uint32_t filled = 0;
  while (filled < m) {
    for (std::size_t i = 0; i < n && filled < m; ++i) {
      std::uint32_t c = static_cast<std::uint32_t>((offset[i] + static_cast<std::uint64_t>(next[i]) * skip[i]) % m);
      while (maglev_[c] != NONE) c = static_cast<std::uint32_t>((offset[i] + static_cast<std::uint64_t>(++next[i]) * skip[i]) % m);
      maglev_[c] = visible[i];
      ++next[i];
      ++filled;
    }
  }
}

template <class LocalIndex, class Usable>
std::uint32_t Balancer::pick(const std::vector<std::uint32_t>& visible, std::uint64_t version, std::uint64_t request_id, core::SimTime now,
                             LocalIndex local, Usable usable, bool may_be_unusable) {
  using scenario::BalancerKind;
  const auto n = static_cast<std::uint32_t>(visible.size());
  if (n == 0) return NONE;
  auto ok = [&](std::uint32_t id) {
    if (!usable(id)) return false;
    if (spec_.max_fails == 0) return true;
    const std::uint32_t l = local(id);
    return l >= per_.size() || now >= per_[l].down_until;
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
  const std::vector<std::uint32_t>& c = *pool;
  const auto size = static_cast<std::uint32_t>(c.size());
  switch (spec_.policy) {
    case BalancerKind::ROUND_ROBIN:
      if (next_ >= size) next_ = 0;
      return c[next_++];
    case BalancerKind::RANDOM:
      return c[uniform(size)];
    case BalancerKind::WEIGHTED_ROUND_ROBIN: {
      // Nginx's smooth weighted round robin.
      double total = 0;
      std::uint32_t best = c[0];
      double best_weight = -1e300;
      for (const std::uint32_t id : c) {
        PerInstance& s = state(local(id));
        const double w = weight_of(local(id));
        s.current_weight += w;
        total += w;
        if (s.current_weight > best_weight) {
          best_weight = s.current_weight;
          best = id;
        }
      }
      state(local(best)).current_weight -= total;
      return best;
    }
    case BalancerKind::LEAST_OUTSTANDING: {
      // Full scan; ties broken at random so that equal instances share the load.
      int fewest = 0;
      std::uint32_t ties = 0, chosen = c[0];
      for (const std::uint32_t id : c) {
        const int o = outstanding(local(id));
        if (ties == 0 || o < fewest) {
          fewest = o;
          ties = 1;
          chosen = id;
        } else if (o == fewest && uniform(++ties) == 0) {
          chosen = id;  // reservoir sampling among the ties
        }
      }
      return chosen;
    }
    case BalancerKind::LEAST_REQUEST: {
      // Envoy: choice_count hosts drawn uniformly (with replacement); the fewest active requests wins.
      std::uint32_t chosen = c[uniform(size)];
      for (int k = 1; k < spec_.choice_count; ++k) {
        const std::uint32_t other = c[uniform(size)];
        if (outstanding(local(other)) < outstanding(local(chosen))) chosen = other;
      }
      return chosen;
    }
    case BalancerKind::PEAK_EWMA: {
      // Finagle: power of two choices on cost = peak EWMA of latency x (outstanding + 1).
      auto cost = [&](std::uint32_t id) {
        const std::uint32_t l = local(id);
        if (l >= per_.size()) return 0.0;
        const PerInstance& s = per_[l];
        const double decay = std::exp(-(now - s.ewma_at).seconds() / spec_.decay.seconds());
        return s.ewma * decay * (s.outstanding + 1);
      };
      std::uint32_t a = c[uniform(size)], b = c[uniform(size)];
      return cost(b) < cost(a) ? b : a;
    }
    case BalancerKind::RING_HASH:
    case BalancerKind::MAGLEV: {
      if (tables_version_ != version || filtered) {
        rebuild_hash_tables(c, local);
        tables_version_ = filtered ? ~std::uint64_t{0} : version;  // rebuild again once the filter lifts
      }
      const std::uint64_t h = hash64(key_of(request_id));
      if (spec_.policy == BalancerKind::MAGLEV) return maglev_[h % MAGLEV_TABLE_SIZE];
      auto it = std::lower_bound(ring_.begin(), ring_.end(), std::pair<std::uint64_t, std::uint32_t>{h, 0});
      if (it == ring_.end()) it = ring_.begin();
      return it->second;
    }
  }
  return c[0];
}

}  // namespace msim::model
