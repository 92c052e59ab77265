#pragma once
/** @file
 *  @brief The extension point for load-balancing policies: the interface a policy implements,
 *         what it sees of its balancer, and the registry entry (name, help, parameters, factory).
 *
 *  Adding a policy is one new file in this folder plus one line in Registry.cpp
 *  (docs/architecture.md, "Adding a balancing policy").
 */
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/random/uniform_int_distribution.hpp>

#include "core/Params.hpp"
#include "core/RandomStream.hpp"
#include "core/SimTime.hpp"

namespace msim::balancing {

using core::Params;
using core::ParamSpec;

inline constexpr std::uint32_t NONE = 0xFFFFFFFFu;

/** Maps a global instance id to its index within the service (per-instance state is by index). */
class LocalIndex {
public:
  template <class F>
  explicit LocalIndex(const F& f) : object_(&f), call_([](const void* o, std::uint32_t id) { return (*static_cast<const F*>(o))(id); }) {}
  std::uint32_t operator()(std::uint32_t id) const { return call_(object_, id); }

private:
  const void* object_;
  std::uint32_t (*call_)(const void*, std::uint32_t);
};

/** What every policy of one balancer shares: its random stream, the requests each instance has
 *  outstanding, and the instances' weights. The balancer keeps the counts; policies read them. */
class Shared {
public:
  Shared(core::RandomStream rng, std::vector<double> weights) : rng_(std::move(rng)), weights_(std::move(weights)) {}
  std::uint32_t uniform(std::uint32_t n) { return boost::random::uniform_int_distribution<std::uint32_t>(0, n - 1)(rng_.engine()); }
  int outstanding(std::uint32_t local) const { return local < outstanding_.size() ? outstanding_[local] : 0; }
  double weight(std::uint32_t local) const { return local < weights_.size() ? weights_[local] : 1.0; }
  void add_outstanding(std::uint32_t local, int delta) {
    if (local >= outstanding_.size()) outstanding_.resize(local + 1, 0);
    outstanding_[local] += delta;
  }

private:
  core::RandomStream rng_;
  std::vector<double> weights_;  // per instance index; missing = 1
  std::vector<int> outstanding_;  // per instance index
};

/** One choice to make. */
struct Request {
  const std::vector<std::uint32_t>& candidates;  // global instance ids, never empty
  bool filtered;  // a subset of the visible instances (some ejected or marked down)
  std::uint64_t version;  // changes whenever the visible instances change
  std::uint64_t id;  // the request's id (the hash key of the consistent-hash policies)
  core::SimTime now;
  LocalIndex local;
};

class BalancingPolicy {
public:
  virtual ~BalancingPolicy() = default;
  /** One of r.candidates. */
  virtual std::uint32_t choose(const Request& r, Shared& shared) = 0;
  /** True if on_done() should be called (latency-aware policies). */
  virtual bool observes_latency() const { return false; }
  /** A call it chose has ended after `latency`. */
  virtual void on_done(std::uint32_t /*local*/, core::SimTime /*now*/, core::SimTime /*latency*/) {}
};

/** One registry entry. */
struct PolicyEntry {
  std::string name;
  std::string help;  // one line: what it does and whose semantics it follows
  std::vector<ParamSpec> params;
  std::function<std::unique_ptr<BalancingPolicy>(const Params&)> make;
};

/** The registered policies, in registration order (the default, round_robin, first). */
const std::vector<PolicyEntry>& policies();
/** nullptr when no policy has that name. */
const PolicyEntry* find_policy(std::string_view name);
std::vector<std::string> policy_names();
/** Builds the policy `entry` with `given` completed by the fallbacks of the parameters it lacks. */
std::unique_ptr<BalancingPolicy> make_policy(const PolicyEntry& entry, const Params& given);

/** A 64-bit mixing hash (splitmix64's finaliser), used for hash keys and tables. */
std::uint64_t hash64(std::uint64_t x);

}  // namespace msim::balancing
