#pragma once
/** @file
 *  @brief Simulated time: an integer count of nanoseconds behind a strong type.
 */
#include <cmath>
#include <compare>
#include <cstdint>
#include <limits>

namespace msim::core {

/**
 * @brief A point or span of simulated time, in whole nanoseconds (int64: about 292 years).
 *
 * Arithmetic saturates at max() and min() instead of overflowing: a draw far beyond the end of
 * the run (say a 100-year service time) schedules its event at max(), which never fires within
 * the run, so that call simply does not complete (it is never a wrapped, early completion).
 */
class SimTime {
public:
  constexpr SimTime() = default;

  static constexpr SimTime from_ns(std::int64_t ns) { return SimTime(ns); }
  static constexpr SimTime from_us(std::int64_t us) { return scaled(us, 1000); }
  static constexpr SimTime from_ms(std::int64_t ms) { return scaled(ms, 1000000); }
  /** Rounds to the nearest nanosecond, halves away from zero (as llround); saturates at max() (about 292 years). */
  static SimTime from_seconds(double s) {
    if (!(s < 9.2e9)) return max();  // NaN too
    if (s < -9.2e9) return min();
    // llround without the libm call: adding the double just below 0.5 and truncating rounds
    // every finite double exactly as llround does (the sum of x and 0.5 itself could round up).
    const double ns = s * 1e9;
    return SimTime(static_cast<std::int64_t>(ns + std::copysign(0.49999999999999994, ns)));
  }
  static constexpr SimTime zero() { return SimTime(0); }
  static constexpr SimTime max() { return SimTime(std::numeric_limits<std::int64_t>::max()); }
  static constexpr SimTime min() { return SimTime(std::numeric_limits<std::int64_t>::min()); }

  constexpr std::int64_t ns() const { return ns_; }
  constexpr double seconds() const { return static_cast<double>(ns_) / 1e9; }
  constexpr double milliseconds() const { return static_cast<double>(ns_) / 1e6; }

  constexpr auto operator<=>(const SimTime&) const = default;
  constexpr SimTime operator+(SimTime o) const {
    std::int64_t sum = 0;
    if (__builtin_add_overflow(ns_, o.ns_, &sum)) return o.ns_ > 0 ? max() : min();
    return SimTime(sum);
  }
  constexpr SimTime operator-(SimTime o) const {
    std::int64_t difference = 0;
    if (__builtin_sub_overflow(ns_, o.ns_, &difference)) return o.ns_ < 0 ? max() : min();
    return SimTime(difference);
  }
  constexpr SimTime& operator+=(SimTime o) { return *this = *this + o; }
  constexpr SimTime& operator-=(SimTime o) { return *this = *this - o; }

private:
  constexpr explicit SimTime(std::int64_t ns) : ns_(ns) {}
  static constexpr SimTime scaled(std::int64_t count, std::int64_t unit) {
    std::int64_t ns = 0;
    if (__builtin_mul_overflow(count, unit, &ns)) return count > 0 ? max() : min();
    return SimTime(ns);
  }
  std::int64_t ns_ = 0;
};

}  // namespace msim::core
