#include "model/EndpointView.hpp"

#include <algorithm>

namespace msim::model {

namespace {
// An update event carries the instance and the view version it was made for.
std::uint64_t pack(std::uint32_t instance, std::uint32_t version) { return (std::uint64_t{instance} << 32) | version; }
std::uint32_t instance_of(std::uint64_t v) { return static_cast<std::uint32_t>(v >> 32); }
std::uint32_t version_of(std::uint64_t v) { return static_cast<std::uint32_t>(v & 0xFFFFFFFFu); }
}  // namespace

bool EndpointView::contains(std::uint32_t i) const {
  const auto& visible = services_[instances_[i].service].view.visible;
  return std::find(visible.begin(), visible.end(), i) != visible.end();
}

void EndpointView::show_now(std::uint32_t i) { services_[instances_[i].service].view.visible.push_back(i); }

void EndpointView::show_at(core::SimTime when, std::uint32_t i) {
  sim_.schedule_at<&EndpointView::on_show>(when, this, pack(i, ++instances_[i].view.view_version));
}

void EndpointView::hide_at(core::SimTime when, std::uint32_t i) {
  sim_.schedule_at<&EndpointView::on_hide>(when, this, pack(i, ++instances_[i].view.view_version));
}

void EndpointView::drop(std::uint32_t i) {
  Service& svc = services_[instances_[i].service];
  if (const auto it = std::find(svc.view.visible.begin(), svc.view.visible.end(), i); it != svc.view.visible.end()) {
    svc.view.visible.erase(it);
    bump(svc);
  }
  ++instances_[i].view.view_version;
}

void EndpointView::release_held(std::uint32_t s, std::uint8_t version) {
  Service& svc = services_[s];
  for (const auto i : svc.instances) {
    Instance& inst = instances_[i];
    if (inst.life.gone || inst.life.draining || inst.version != version || !inst.view.held) continue;
    inst.view.held = false;
    svc.view.visible.push_back(i);
  }
  bump(svc);
}

void EndpointView::on_hide(std::uint64_t packed) {
  const std::uint32_t i = instance_of(packed);
  Instance& inst = instances_[i];
  if (inst.view.view_version != version_of(packed)) return;  // it changed again since
  Service& svc = services_[inst.service];
  const auto it = std::find(svc.view.visible.begin(), svc.view.visible.end(), i);
  if (it == svc.view.visible.end()) return;
  svc.view.visible.erase(it);
  bump(svc);
  inst.view.ready_since = core::SimTime::max();
  inst.view.ready_changed = sim_.now();
  if (inst.life.draining) {
    listener_.left_view_draining(i);
    return;
  }
  events_.log("endpoint_removed", "", svc.name, instance_name(services_, instances_, i), "", "", "discovery noticed it is down");
}

void EndpointView::on_show(std::uint64_t packed) {
  const std::uint32_t i = instance_of(packed);
  Instance& inst = instances_[i];
  if (inst.view.view_version != version_of(packed)) return;
  Service& svc = services_[inst.service];
  if (contains(i)) return;
  if (inst.life.draining || inst.life.gone) return;
  inst.view.ready_since = sim_.now();
  inst.view.ready_changed = sim_.now();
  if (svc.versions.rollout && svc.versions.rollout->spec->strategy == scenario::RolloutSpec::Strategy::BLUE_GREEN && !svc.versions.rollout->switched &&
      svc.versions.rollout->phase == RolloutState::Phase::ROLLING && inst.version == svc.versions.rollout->target) {
    inst.view.held = true;  // green: ready, but the Service still selects blue
    return;
  }
  svc.view.visible.push_back(i);
  bump(svc);
  events_.log("endpoint_added", "", svc.name, instance_name(services_, instances_, i), "", "", "discovery noticed it is up");
}

}  // namespace msim::model
