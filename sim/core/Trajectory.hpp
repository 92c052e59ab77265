#pragma once
/** @file
 *  @brief The fingerprint of a run's event trajectory: a hash over (time, kind, target) of every
 *         fired event, as OMNeT++'s fingerprint tests use it. Two runs with the same fingerprint
 *         fired the same events in the same order; a refactor that keeps it kept the behaviour.
 */
#include <cstdint>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/EventQueue.hpp"
#include "core/SimTime.hpp"

namespace msim::core {

class Trajectory {
public:
  /** Kinds are numbered in the order they first fire, not by handler address: the fingerprint
   *  does not depend on where the code sits in the binary or which class owns the handler. */
  void record(SimTime time, EventFn kind, std::uint64_t target) {
    std::uint64_t id = 0;
    while (id < kinds_.size() && kinds_[id] != kind) ++id;
    if (id == kinds_.size()) kinds_.push_back(kind);
    mix(static_cast<std::uint64_t>(time.ns()));
    mix(id);
    mix(target);
    ++events_;
  }
  std::uint64_t events() const { return events_; }
  std::size_t kinds() const { return kinds_.size(); }
  /** 16 hexadecimal digits. */
  std::string hex() const { return fmt::format("{:016x}", hash_); }

private:
  void mix(std::uint64_t x) {  // splitmix64's finaliser over the running state
    std::uint64_t z = hash_ ^ (x + 0x9E3779B97F4A7C15ull + (hash_ << 6) + (hash_ >> 2));
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    hash_ = z ^ (z >> 31);
  }
  std::vector<EventFn> kinds_;  // a few dozen at most: a linear search is fastest
  std::uint64_t hash_ = 0xCBF29CE484222325ull;
  std::uint64_t events_ = 0;
};

}  // namespace msim::core
