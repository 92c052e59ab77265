#pragma once
/** @file
 *  @brief The callers' view of each service's instances (Kubernetes Endpoints, a Consul or Eureka
 *         catalog): it follows the instances' lifecycle only after discovery's delays, so callers
 *         keep sending to a dead instance until the view drops it and find a new one late.
 *         It owns each service's `visible` list and its version; the balancers read them.
 */
#include <cstdint>
#include <vector>

#include "core/Simulator.hpp"
#include "model/EventLog.hpp"
#include "model/Runtime.hpp"

namespace msim::model {

/** Told when an instance that is being deleted has left the view. */
class ViewListener {
public:
  virtual void left_view_draining(std::uint32_t instance) = 0;

protected:
  ~ViewListener() = default;
};

class EndpointView {
public:
  EndpointView(core::Simulator& sim, std::vector<Service>& services, std::vector<Instance>& instances, const EventLog& events,
               ViewListener& listener)
      : sim_(sim), services_(services), instances_(instances), events_(events), listener_(listener) {}
  EndpointView(const EndpointView&) = delete;
  EndpointView& operator=(const EndpointView&) = delete;

  /** In the view from the start (an instance placed and ready at time zero). */
  void show_now(std::uint32_t instance);
  /** The instance enters the view at `when`, unless its state changes again before. */
  void show_at(core::SimTime when, std::uint32_t instance);
  /** The instance leaves the view at `when`, unless its state changes again before. */
  void hide_at(core::SimTime when, std::uint32_t instance);
  /** It is gone: out of the view now, and any update on its way is void. */
  void drop(std::uint32_t instance);
  /** Blue-green switch: the live instances of `version` held out of the view while blue served enter it. */
  void release_held(std::uint32_t service, std::uint8_t version);
  bool contains(std::uint32_t instance) const;

private:
  void on_show(std::uint64_t packed_instance_version);
  void on_hide(std::uint64_t packed_instance_version);
  void bump(Service& service) { ++service.view.visible_version; }

  core::Simulator& sim_;
  std::vector<Service>& services_;
  std::vector<Instance>& instances_;
  const EventLog& events_;
  ViewListener& listener_;
};

}  // namespace msim::model
