#pragma once
/** @file
 *  @brief The discovery models' extension point: when callers learn that an instance went away
 *         or came back (../shared/REFERENCE.md section 5), the interface a model implements and
 *         its registry entry (name, help, parameters, factory).
 *
 *  A model sees times and random draws only: the layer depends on `core`, so the loader reads
 *  the registry's parameters and `model` builds from it.
 */
#include <array>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/Params.hpp"
#include "core/SimTime.hpp"

namespace msim::discovery {

using core::Params;
using core::ParamSpec;
using core::SimTime;

/** The periodic timers of one instance (probes, renewals, checks): seconds into their period. */
struct InstancePhases {
  double probe = 0;
  double renewal = 0;
};

/** Uniform draws in [0, 1) that place a service's periodic timers (a registry's sweeps and
 *  caches) and an instance's. The caller draws as many whatever the model, so that switching a
 *  service's discovery model moves no other draw of its stream (common random numbers). */
using ServiceDraws = std::array<double, 3>;
using InstanceDraws = std::array<double, 2>;

/** The lag between a change in an instance's health and the callers' view of it, for one service. */
class DiscoveryModel {
public:
  virtual ~DiscoveryModel() = default;
  /** The timers of a new instance, placed by the draws. */
  virtual InstancePhases new_instance(const InstanceDraws& u) const = 0;
  /** When callers stop sending to an instance that went down at `down` (`unreachable`: no reset, checks time out). */
  virtual SimTime removal_time(SimTime down, const InstancePhases& phases, bool unreachable) const = 0;
  /** When callers stop sending to an instance that is being deleted at `now` (it deregisters). */
  virtual SimTime deregistration_time(SimTime now) const = 0;
  /** When callers start sending to an instance that became healthy at `up`. */
  virtual SimTime addition_time(SimTime up, const InstancePhases& phases) const = 0;
};

/** A registered model: what `discovery: <name>` selects. */
struct ModelEntry {
  std::string name;
  std::string help;  // one line, for `msim list discovery`
  std::vector<ParamSpec> params;  // its keys; "a.b" is the key b inside the mapping a
  std::function<std::unique_ptr<DiscoveryModel>(const Params&, const ServiceDraws&)> make;
};

/** Every model, in the order users see them. */
const std::vector<ModelEntry>& models();
const ModelEntry* find_model(std::string_view name);
std::vector<std::string> model_names();
/** The model of an entry, its absent parameters at their fallbacks. */
std::unique_ptr<DiscoveryModel> make_model(const ModelEntry& entry, const Params& given, const ServiceDraws& draws);

/** The first tick phase + k * period (k whole) at or after t; t itself when there is no period. */
double next_tick(double t, double phase, double period);
/** The last tick at or before t. */
double last_tick(double t, double phase, double period);

}  // namespace msim::discovery
