#pragma once
/** @file
 *  @brief A circuit breaker with resilience4j's semantics: CLOSED, OPEN, HALF_OPEN; a count- or
 *         time-based sliding window; minimum calls; failure-rate and slow-call-rate thresholds.
 */
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "core/SimTime.hpp"
#include "scenario/ScenarioSpec.hpp"

namespace msim::model {

class CircuitBreaker {
public:
  enum class State { CLOSED, OPEN, HALF_OPEN };
  using Transition = std::pair<State, State>;

  explicit CircuitBreaker(const scenario::BreakerSpec& spec);

  /**
   * May a call go through at `now`? CLOSED: yes. OPEN: no, until the open duration has passed,
   * then the breaker turns HALF_OPEN. HALF_OPEN: the first `half_open_calls` calls only.
   */
  bool try_acquire(core::SimTime now);
  /** The outcome of a call that was let through: a failure, and how long it took. */
  void record(core::SimTime now, bool failure, core::SimTime duration);

  State state() const { return state_; }
  /** The state change caused by the last try_acquire or record, if any (for events.csv). */
  std::optional<Transition> take_transition();
  /** Failure rate of the current window (0 before any call). */
  double failure_rate(core::SimTime now) const;

  static const char* name(State s);

private:
  struct Counts {
    std::uint32_t calls = 0, failures = 0, slow = 0;
  };
  struct Bucket {
    std::int64_t second = -1;
    Counts counts;
  };
  Counts window_counts(core::SimTime now) const;
  void add_to_window(core::SimTime now, bool failure, bool slow);
  void reset_window();
  void move_to(State next, core::SimTime now);

  scenario::BreakerSpec spec_;
  State state_ = State::CLOSED;
  core::SimTime opened_at_;
  // COUNT_BASED: the last `window` outcomes in a ring (bit 0 failure, bit 1 slow).
  std::vector<std::uint8_t> ring_;
  std::size_t ring_next_ = 0;
  Counts ring_counts_;
  // TIME_BASED: one bucket per second, `window` seconds.
  std::vector<Bucket> buckets_;
  // HALF_OPEN.
  int half_open_permitted_ = 0;
  Counts half_open_counts_;
  std::optional<Transition> transition_;
};

}  // namespace msim::model
