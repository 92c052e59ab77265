#pragma once
/** @file
 *  @brief An extension's own parameters (a balancing policy's, a scaling strategy's, a discovery model's): their declarations (ParamSpec, for the loader,
 *         its checks and `msim list`) and their values as a scenario gives them (Params).
 */
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace msim::core {

/** An extension's own parameter in its scenario block (e.g. least_request's choiceCount in a
 *  balancer, predictive's horizon in an autoscaler). */
struct ParamSpec {
  // DURATION: > 0 (and at least `min` seconds); DELAY: a duration >= 0, where 0 means none;
  // both are stored in seconds. BOOLEAN: true or false, stored as 1 or 0.
  enum class Kind { INTEGER, DURATION, DELAY, FRACTION, BOOLEAN };
  std::string key;
  Kind kind = Kind::INTEGER;
  double min = 1, max = 1e12;  // INTEGER: inclusive range; DURATION: a lower bound when > 0; FRACTION: 0..1
  double fallback = 0;  // the value when the key is absent
  std::string help;
};

/** The values of an extension's parameters, by key: those the scenario gave. Its factory sees
 *  every parameter it declares (the absent ones at their ParamSpec::fallback). */
struct Params {
  std::map<std::string, double, std::less<>> values;
  /** The value of a declared parameter (throws std::out_of_range for an undeclared key). */
  double at(std::string_view key) const {
    const auto it = values.find(key);
    if (it == values.end()) throw std::out_of_range("parameter '" + std::string(key) + "' was not declared");
    return it->second;
  }
  bool operator==(const Params&) const = default;
};

/** `given`, with every declared parameter it lacks at its fallback: what a factory sees. */
inline Params with_fallbacks(const std::vector<ParamSpec>& specs, Params given) {
  for (const ParamSpec& p : specs) given.values.emplace(p.key, p.fallback);
  return given;
}

}  // namespace msim::core
