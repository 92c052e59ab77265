#include "balancing/BalancingPolicy.hpp"
#include "core/Registry.hpp"

namespace msim::balancing {

// The registration list: one line per policy, each defined by `PolicyEntry <name>_policy()` in
// its own file of this folder. Order is the order users see (msim list, error messages). Every
// line ends in a backslash, so a new policy is one more line above the closing comment.
#define MSIM_BALANCING_POLICIES(X) \
  X(round_robin)                   \
  X(weighted_round_robin)          \
  X(random)                        \
  X(least_outstanding)             \
  X(least_request)                 \
  X(ring_hash)                     \
  X(maglev)                        \
  X(peak_ewma)                     \
  X(random_two_least_conn)         \
  /* end of the list */

#define MSIM_DECLARE(name) PolicyEntry name##_policy();
MSIM_BALANCING_POLICIES(MSIM_DECLARE)
#undef MSIM_DECLARE

const std::vector<PolicyEntry>& policies() {
#define MSIM_ENTRY(name) name##_policy(),
  static const std::vector<PolicyEntry> entries{MSIM_BALANCING_POLICIES(MSIM_ENTRY)};
#undef MSIM_ENTRY
  return entries;
}

const PolicyEntry* find_policy(std::string_view name) { return core::find_named(policies(), name); }

std::vector<std::string> policy_names() { return core::names_of(policies()); }

std::unique_ptr<BalancingPolicy> make_policy(const PolicyEntry& entry, const Params& given) {
  return entry.make(core::with_fallbacks(entry.params, given));
}

std::uint64_t hash64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

}  // namespace msim::balancing
