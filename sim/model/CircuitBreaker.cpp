#include "model/CircuitBreaker.hpp"

#include <cmath>

namespace msim::model {

CircuitBreaker::CircuitBreaker(const scenario::BreakerSpec& spec) : spec_(spec) { reset_window(); }

const char* CircuitBreaker::name(State s) {
  switch (s) {
    case State::CLOSED: return "closed";
    case State::OPEN: return "open";
    case State::HALF_OPEN: return "half_open";
  }
  return "?";
}

void CircuitBreaker::reset_window() {
  if (spec_.time_based) {
    buckets_.assign(static_cast<std::size_t>(spec_.window), Bucket{});
  } else {
    ring_.assign(static_cast<std::size_t>(spec_.window), 0);
    ring_next_ = 0;
    ring_counts_ = {};
  }
}

CircuitBreaker::Counts CircuitBreaker::window_counts(core::SimTime now) const {
  if (!spec_.time_based) return ring_counts_;
  Counts total;
  const auto second = static_cast<std::int64_t>(std::floor(now.seconds()));
  for (const auto& b : buckets_) {
    if (b.second <= second - spec_.window || b.second > second) continue;
    total.calls += b.counts.calls;
    total.failures += b.counts.failures;
    total.slow += b.counts.slow;
  }
  return total;
}

void CircuitBreaker::add_to_window(core::SimTime now, bool failure, bool slow) {
  if (spec_.time_based) {
    const auto second = static_cast<std::int64_t>(std::floor(now.seconds()));
    Bucket& b = buckets_[static_cast<std::size_t>(second % spec_.window)];
    if (b.second != second) b = Bucket{second, {}};
    ++b.counts.calls;
    b.counts.failures += failure ? 1 : 0;
    b.counts.slow += slow ? 1 : 0;
    return;
  }
  std::uint8_t& slot = ring_[ring_next_];
  if (ring_counts_.calls == static_cast<std::uint32_t>(spec_.window)) {  // the oldest outcome leaves the window
    ring_counts_.failures -= slot & 1u;
    ring_counts_.slow -= (slot >> 1) & 1u;
  } else {
    ++ring_counts_.calls;
  }
  slot = static_cast<std::uint8_t>((failure ? 1 : 0) | (slow ? 2 : 0));
  ring_counts_.failures += failure ? 1 : 0;
  ring_counts_.slow += slow ? 1 : 0;
  ring_next_ = (ring_next_ + 1) % ring_.size();
}

void CircuitBreaker::move_to(State next, core::SimTime now) {
  transition_ = Transition{state_, next};
  state_ = next;
  if (next == State::OPEN) opened_at_ = now;
  if (next == State::HALF_OPEN) {
    half_open_permitted_ = 0;
    half_open_counts_ = {};
  }
  if (next == State::CLOSED) reset_window();
}

bool CircuitBreaker::try_acquire(core::SimTime now) {
  if (state_ == State::OPEN) {
    if (now - opened_at_ < spec_.open_duration) return false;
    move_to(State::HALF_OPEN, now);
  }
  if (state_ == State::HALF_OPEN) {
    if (half_open_permitted_ >= spec_.half_open_calls) return false;
    ++half_open_permitted_;
  }
  return true;
}

void CircuitBreaker::record(core::SimTime now, bool failure, core::SimTime duration) {
  const bool slow = duration >= spec_.slow_call_duration;
  auto over = [&](const Counts& c) {
    const double calls = static_cast<double>(c.calls);
    return static_cast<double>(c.failures) / calls >= spec_.failure_rate || static_cast<double>(c.slow) / calls >= spec_.slow_call_rate;
  };
  switch (state_) {
    case State::OPEN:
      return;  // late results of calls let through before it opened
    case State::HALF_OPEN:
      ++half_open_counts_.calls;
      half_open_counts_.failures += failure ? 1 : 0;
      half_open_counts_.slow += slow ? 1 : 0;
      if (half_open_counts_.calls >= static_cast<std::uint32_t>(spec_.half_open_calls))
        move_to(over(half_open_counts_) ? State::OPEN : State::CLOSED, now);
      return;
    case State::CLOSED: {
      add_to_window(now, failure, slow);
      const Counts c = window_counts(now);
      if (c.calls >= static_cast<std::uint32_t>(spec_.minimum_calls) && over(c)) move_to(State::OPEN, now);
      return;
    }
  }
}

std::optional<CircuitBreaker::Transition> CircuitBreaker::take_transition() {
  auto t = transition_;
  transition_.reset();
  return t;
}

double CircuitBreaker::failure_rate(core::SimTime now) const {
  const Counts c = window_counts(now);
  return c.calls ? static_cast<double>(c.failures) / static_cast<double>(c.calls) : 0.0;
}

}  // namespace msim::model
