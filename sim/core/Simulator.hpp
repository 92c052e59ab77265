#pragma once
/** @file
 *  @brief The run loop: simulated clock plus event queue. Single-threaded by design.
 */
#include <cstdint>

#include "core/EventQueue.hpp"
#include "core/SimTime.hpp"
#include "core/Trajectory.hpp"

namespace msim::core {

/**
 * @brief Owns the clock and the pending events; fires them in (time, sequence) order.
 *
 * Handlers are plain member functions bound at compile time (`schedule_at<&T::on_x>(...)`):
 * no std::function, no allocation per event.
 */
class Simulator {
public:
  SimTime now() const { return now_; }
  std::uint64_t events_fired() const { return events_fired_; }
  std::size_t pending() const { return queue_.size(); }

  EventId schedule_at(SimTime at, EventFn fn, void* context, std::uint64_t arg) {
    return queue_.schedule(at < now_ ? now_ : at, fn, context, arg);
  }

  /** Schedules `(obj->*Method)(arg)` at absolute time `at` (clamped to now). */
  template <auto Method, class T>
  EventId schedule_at(SimTime at, T* obj, std::uint64_t arg = 0) {
    return schedule_at(at, &trampoline<Method, T>, obj, arg);
  }
  /** Schedules `(obj->*Method)(arg)` after `delay`. */
  template <auto Method, class T>
  EventId schedule_in(SimTime delay, T* obj, std::uint64_t arg = 0) {
    return schedule_at(now_ + delay, &trampoline<Method, T>, obj, arg);
  }

  bool cancel(EventId id) { return queue_.cancel(id); }
  bool is_pending(EventId id) const { return queue_.is_pending(id); }

  /**
   * Fires events with time <= `until`, at most `max_events` of them. Returns true when no event
   * at or before `until` is left (the clock then stands at `until`).
   */
  bool run_until(SimTime until, std::uint64_t max_events) {
    return trajectory_ == nullptr ? run<false>(until, max_events) : run<true>(until, max_events);
  }

  /** From now on, every fired event is also recorded into `trajectory` (nullptr: stop). */
  void record_trajectory(Trajectory* trajectory) { trajectory_ = trajectory; }

  EventQueue& queue() { return queue_; }

private:
  template <bool Record>
  bool run(SimTime until, std::uint64_t max_events) {
    FiredEvent ev;
    for (std::uint64_t n = 0; n < max_events; ++n) {
      if (!queue_.pop_not_after(until, ev)) {
        now_ = until;
        return true;
      }
      now_ = ev.time;
      ++events_fired_;
      if constexpr (Record) trajectory_->record(ev.time, ev.fn, ev.arg);
      ev.fn(ev.context, ev.arg);
    }
    if (queue_.next_time() > until) {
      now_ = until;
      return true;
    }
    return false;
  }

  template <auto Method, class T>
  static void trampoline(void* context, std::uint64_t arg) {
    (static_cast<T*>(context)->*Method)(arg);
  }

  EventQueue queue_;
  SimTime now_ = SimTime::zero();
  std::uint64_t events_fired_ = 0;
  Trajectory* trajectory_ = nullptr;
};

}  // namespace msim::core
