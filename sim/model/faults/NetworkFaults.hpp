#pragma once
/** @file
 *  @brief The network faults in force (added latency, partitions), between two services or two
 *         zones: what the request flow and routing ask about each hop.
 */
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/SimTime.hpp"
#include "model/Runtime.hpp"

namespace msim::model {

class NetworkFaults {
public:
  struct Entry {
    std::size_t failure;  // index into the scenario's failures
    bool zones;  // between zones (else between services)
    std::uint32_t a, b;
    core::SimTime added;
    bool partition;
  };
  void add(const Entry& fault) { faults_.push_back(fault); }
  void remove(std::size_t failure) { std::erase_if(faults_, [&](const Entry& f) { return f.failure == failure; }); }
  bool empty() const { return faults_.empty(); }
  /** No connection between the caller and the callee (a partition between their services or zones). */
  bool partitioned(const Call& call, std::uint32_t callee_zone) const {
    for (const auto& f : faults_)
      if (f.partition && between(f, call, callee_zone)) return true;
    return false;
  }
  /** Latency added to a hop between them. */
  core::SimTime injected_latency(const Call& call, std::uint32_t callee_zone) const {
    core::SimTime added;
    for (const auto& f : faults_)
      if (!f.partition && between(f, call, callee_zone)) added += f.added;
    return added;
  }

private:
  static bool between(const Entry& f, const Call& call, std::uint32_t callee_zone) {
    const std::uint32_t x = f.zones ? call.caller.zone : call.caller.service;
    const std::uint32_t y = f.zones ? callee_zone : call.service;
    return (x == f.a && y == f.b) || (x == f.b && y == f.a);
  }

  std::vector<Entry> faults_;
};

}  // namespace msim::model
