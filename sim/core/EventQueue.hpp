#pragma once
/** @file
 *  @brief The pending-event set: a d-ary heap of 16-byte keys over a pooled slab of payloads.
 *
 *  Events are ordered by (time, insertion sequence): ties run in FIFO order, so reruns are
 *  identical. Scheduling does not allocate once the slab and heap have grown to the
 *  steady-state number of pending events. Cancellation is O(1): it marks the payload stale and
 *  the key is skipped when it reaches the top (or dropped when stale keys pass half the heap).
 */
#include <cassert>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "core/SimTime.hpp"

namespace msim::core {

/** A plain function called with the context pointer and argument given at scheduling. */
using EventFn = void (*)(void* context, std::uint64_t arg);

/** @brief Handle of a scheduled event; a value type, safe to copy, test or cancel at any time. */
struct EventId {
  static constexpr std::uint32_t NONE = 0xFFFFFFFFu;
  std::uint32_t slot = NONE;
  std::uint32_t generation = 0;
  constexpr bool is_set() const { return slot != NONE; }
};

/** @brief A fired event, as handed to the run loop. */
struct FiredEvent {
  SimTime time;
  EventFn fn = nullptr;
  void* context = nullptr;
  std::uint64_t arg = 0;
};

/**
 * @brief d-ary min-heap event queue (Arity 2 = binary heap, 4 = the default).
 *
 * Complexity: schedule O(log n), pop O(log n) amortized (stale keys included), cancel O(1).
 * Invariant: every live slot has exactly one key in the heap; a cancelled slot keeps its key
 * until that key is popped or compacted away, and only then returns to the free list.
 */
template <unsigned Arity>
class BasicEventQueue {
  static_assert(Arity >= 2);

public:
  /** At most 2^24 events may be pending at once (the slot index shares a word with the sequence). */
  static constexpr std::uint32_t MAX_PENDING = 1u << 24;

  EventId schedule(SimTime at, EventFn fn, void* context, std::uint64_t arg) {
    assert(fn != nullptr);
    const std::uint32_t slot = allocate_slot();
    Slot& s = slots_[slot];
    s.fn = fn;
    s.context = context;
    s.arg = arg;
    push_key(Key{at.ns(), (next_seq_++ << SLOT_BITS) | slot});
    ++live_;
    return EventId{slot, s.generation};
  }

  /** Cancels a pending event; returns false if it already fired or was cancelled. */
  bool cancel(EventId id) {
    if (!is_pending(id)) return false;
    Slot& s = slots_[id.slot];
    s.fn = nullptr;  // stale: skipped when its key surfaces
    ++s.generation;
    --live_;
    ++stale_;
    if (stale_ > 1024 && stale_ * 2 > heap_.size()) compact();
    return true;
  }

  bool is_pending(EventId id) const {
    return id.slot < slots_.size() && slots_[id.slot].generation == id.generation &&
           slots_[id.slot].fn != nullptr;
  }

  bool empty() const { return live_ == 0; }
  std::size_t size() const { return live_; }

  /** Time of the earliest live event; SimTime::max() when empty. */
  SimTime next_time() {
    drop_stale_top();
    return heap_.empty() ? SimTime::max() : SimTime::from_ns(heap_.front().time);
  }

  /** Removes the earliest live event into `out`; returns false when none is left. */
  bool pop(FiredEvent& out) {
    drop_stale_top();
    if (heap_.empty()) return false;
    take_top(out);
    return true;
  }

  /** Like pop(), but only an event at or before `until`: the run loop's one look at the top per
   *  event (next_time() and then pop() would skip stale keys twice). */
  bool pop_not_after(SimTime until, FiredEvent& out) {
    drop_stale_top();
    if (heap_.empty() || heap_.front().time > until.ns()) return false;
    take_top(out);
    return true;
  }

  /** Pre-sizes storage for `n` pending events. */
  void reserve(std::size_t n) {
    heap_.reserve(n);
    slots_.reserve(n);
  }

private:
  /** Moves the (live) top event into `out` and frees its slot. */
  void take_top(FiredEvent& out) {
    const Key top = heap_.front();
    pop_top();
    const std::uint32_t slot = slot_of(top);
    Slot& s = slots_[slot];
    out.time = SimTime::from_ns(top.time);
    out.fn = s.fn;
    out.context = s.context;
    out.arg = s.arg;
    s.fn = nullptr;
    ++s.generation;
    release_slot(slot);
    --live_;
  }

  static constexpr unsigned SLOT_BITS = 24;
  static constexpr std::uint64_t SLOT_MASK = (std::uint64_t{1} << SLOT_BITS) - 1;
  static constexpr std::uint32_t NO_SLOT = 0xFFFFFFFFu;

  // 16 bytes; the sequence sits above the slot so comparing the word compares sequences.
  struct Key {
    std::int64_t time;
    std::uint64_t seq_slot;
    bool operator<(const Key& o) const {
      return time < o.time || (time == o.time && seq_slot < o.seq_slot);
    }
  };
  struct Slot {
    EventFn fn = nullptr;
    void* context = nullptr;
    std::uint64_t arg = 0;
    std::uint32_t generation = 0;
    std::uint32_t next_free = NO_SLOT;
  };

  static std::uint32_t slot_of(const Key& k) { return static_cast<std::uint32_t>(k.seq_slot & SLOT_MASK); }

  std::uint32_t allocate_slot() {
    if (free_head_ != NO_SLOT) {
      const std::uint32_t slot = free_head_;
      free_head_ = slots_[slot].next_free;
      return slot;
    }
    if (slots_.size() >= MAX_PENDING) throw std::length_error("more than 2^24 (16.7 million) events pending at once: the model is too large or unstable");
    slots_.emplace_back();
    return static_cast<std::uint32_t>(slots_.size() - 1);
  }
  void release_slot(std::uint32_t slot) {
    slots_[slot].next_free = free_head_;
    free_head_ = slot;
  }

  void drop_stale_top() {
    while (!heap_.empty()) {
      const std::uint32_t slot = slot_of(heap_.front());
      if (slots_[slot].fn != nullptr) return;
      pop_top();
      release_slot(slot);
      --stale_;
    }
  }

  void push_key(Key k) {
    std::size_t i = heap_.size();
    heap_.push_back(k);
    while (i > 0) {
      const std::size_t parent = (i - 1) / Arity;
      if (!(k < heap_[parent])) break;
      heap_[i] = heap_[parent];
      i = parent;
    }
    heap_[i] = k;
  }

  void pop_top() {
    const Key last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) sift_down(0, last);
  }

  void sift_down(std::size_t i, Key k) {
    const std::size_t n = heap_.size();
    for (;;) {
      const std::size_t first = i * Arity + 1;
      if (first >= n) break;
      std::size_t best = first;
      const std::size_t end = first + Arity < n ? first + Arity : n;
      for (std::size_t c = first + 1; c < end; ++c)
        if (heap_[c] < heap_[best]) best = c;
      if (!(heap_[best] < k)) break;
      heap_[i] = heap_[best];
      i = best;
    }
    heap_[i] = k;
  }

  // Drops every stale key and rebuilds the heap bottom-up in O(n).
  void compact() {
    std::size_t kept = 0;
    for (const Key& k : heap_) {
      const std::uint32_t slot = slot_of(k);
      if (slots_[slot].fn == nullptr) {
        release_slot(slot);
      } else {
        heap_[kept++] = k;
      }
    }
    heap_.resize(kept);
    stale_ = 0;
    if (kept > 1) {
      for (std::size_t i = (kept - 2) / Arity + 1; i-- > 0;) sift_down(i, heap_[i]);
    }
  }

  std::vector<Key> heap_;
  std::vector<Slot> slots_;
  std::uint32_t free_head_ = NO_SLOT;
  std::uint64_t next_seq_ = 0;
  std::size_t live_ = 0;
  std::size_t stale_ = 0;
};

/** The queue the engine uses: a 4-ary heap (fewer levels, cache-friendlier than binary). */
using EventQueue = BasicEventQueue<4>;

}  // namespace msim::core
