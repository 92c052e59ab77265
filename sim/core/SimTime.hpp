#pragma once
/** @file
 *  @brief Simulated time: an integer count of nanoseconds behind a strong type.
 */
#include <cmath>
#include <compare>
#include <cstdint>
#include <limits>

namespace msim::core {

/** @brief A point or span of simulated time, in whole nanoseconds (int64: about 292 years). */
class SimTime {
public:
  constexpr SimTime() = default;

  static constexpr SimTime from_ns(std::int64_t ns) { return SimTime(ns); }
  static constexpr SimTime from_us(std::int64_t us) { return SimTime(us * 1000); }
  static constexpr SimTime from_ms(std::int64_t ms) { return SimTime(ms * 1000000); }
  /** Rounds to the nearest nanosecond, halves away from zero (as llround); saturates at max() (about 292 years). */
  static SimTime from_seconds(double s) {
    if (!(s < 9.2e9)) return max();
    // llround without the libm call: adding the double just below 0.5 and truncating rounds
    // every finite double exactly as llround does (the sum of x and 0.5 itself could round up).
    const double ns = s * 1e9;
    return SimTime(static_cast<std::int64_t>(ns + std::copysign(0.49999999999999994, ns)));
  }
  static constexpr SimTime zero() { return SimTime(0); }
  static constexpr SimTime max() { return SimTime(std::numeric_limits<std::int64_t>::max()); }

  constexpr std::int64_t ns() const { return ns_; }
  constexpr double seconds() const { return static_cast<double>(ns_) / 1e9; }
  constexpr double milliseconds() const { return static_cast<double>(ns_) / 1e6; }

  constexpr auto operator<=>(const SimTime&) const = default;
  constexpr SimTime operator+(SimTime o) const { return SimTime(ns_ + o.ns_); }
  constexpr SimTime operator-(SimTime o) const { return SimTime(ns_ - o.ns_); }
  constexpr SimTime& operator+=(SimTime o) { ns_ += o.ns_; return *this; }
  constexpr SimTime& operator-=(SimTime o) { ns_ -= o.ns_; return *this; }

private:
  constexpr explicit SimTime(std::int64_t ns) : ns_(ns) {}
  std::int64_t ns_ = 0;
};

}  // namespace msim::core
