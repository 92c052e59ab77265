#pragma once
// A deliberately simple event queue over std::multimap, used as the oracle for the real one.
#include <map>
#include <utility>

#include "core/EventQueue.hpp"

namespace msim::core {

class ReferenceEventQueue {
public:
  EventId schedule(SimTime at, EventFn fn, void* context, std::uint64_t arg) {
    const std::uint32_t id = next_id_++;
    events_.emplace(std::pair{at.ns(), seq_++}, Entry{id, FiredEvent{at, fn, context, arg}});
    return EventId{id, 0};
  }
  bool cancel(EventId id) {
    for (auto it = events_.begin(); it != events_.end(); ++it)
      if (it->second.id == id.slot) {
        events_.erase(it);
        return true;
      }
    return false;
  }
  bool is_pending(EventId id) const {
    for (const auto& [k, e] : events_)
      if (e.id == id.slot) return true;
    return false;
  }
  bool empty() const { return events_.empty(); }
  std::size_t size() const { return events_.size(); }
  SimTime next_time() { return events_.empty() ? SimTime::max() : events_.begin()->second.event.time; }
  bool pop(FiredEvent& out) {
    if (events_.empty()) return false;
    out = events_.begin()->second.event;
    events_.erase(events_.begin());
    return true;
  }

private:
  struct Entry {
    std::uint32_t id;
    FiredEvent event;
  };
  std::multimap<std::pair<std::int64_t, std::uint64_t>, Entry> events_;
  std::uint64_t seq_ = 0;
  std::uint32_t next_id_ = 0;
};

}  // namespace msim::core
