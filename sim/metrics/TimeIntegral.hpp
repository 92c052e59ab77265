#pragma once
/** @file
 *  @brief Time-weighted accumulation of a piecewise-constant quantity (queue length, busy cores).
 */
#include "core/SimTime.hpp"

namespace msim::metrics {

/**
 * @brief Integrates a value over simulated time, over two windows at once: the measured window
 * (since warm-up) and the current reporting interval. O(1) per change.
 */
class TimeIntegral {
public:
  void set(core::SimTime now, double value) {
    advance(now);
    value_ = value;
  }
  void add(core::SimTime now, double delta) {
    advance(now);
    value_ += delta;
  }
  double value() const { return value_; }

  /** Integral (value x seconds) since the last reset_window, up to `now`. */
  double window_area(core::SimTime now) const { return window_area_ + value_ * (now - last_).seconds(); }
  double interval_area(core::SimTime now) const { return interval_area_ + value_ * (now - last_).seconds(); }

  void reset_window(core::SimTime now) {
    advance(now);
    window_area_ = 0;
  }
  void reset_interval(core::SimTime now) {
    advance(now);
    interval_area_ = 0;
  }

private:
  void advance(core::SimTime now) {
    const double dt = (now - last_).seconds();
    window_area_ += value_ * dt;
    interval_area_ += value_ * dt;
    last_ = now;
  }

  double value_ = 0;
  double window_area_ = 0;
  double interval_area_ = 0;
  core::SimTime last_;
};

}  // namespace msim::metrics
