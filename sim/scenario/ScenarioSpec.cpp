#include "scenario/ScenarioSpec.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace msim::scenario {

// Assumptions (see docs/scenario-format.md, "Per-call overhead"): a typical small business
// message, about 1.5 KiB as JSON. Protocol Buffers encodes it several times smaller and
// (de)serializes it several times faster than JSON (the protobuf documentation's "smaller and
// faster"; published serializer benchmarks put the gap at 3-10x); HTTP/1.1 sends its headers as
// text on every request, HTTP/2 (gRPC) compresses them with HPACK.
std::optional<CallOverheadSpec> CallOverheadSpec::preset(const std::string& name) {
  CallOverheadSpec o;
  o.protocol = name;
  if (name == "rest") {  // HTTP/1.1 + JSON
    o.callee_cpu = o.caller_cpu = SimTime::from_us(100);
    o.request_bytes = o.response_bytes = 2048;
    return o;
  }
  if (name == "grpc") {  // HTTP/2 + Protocol Buffers
    o.callee_cpu = o.caller_cpu = SimTime::from_us(20);
    o.request_bytes = o.response_bytes = 512;
    return o;
  }
  return std::nullopt;
}

double RateProfile::at(double t) const {
  switch (kind) {
    case Kind::CONSTANT:
      return rate;
    case Kind::STEPS: {
      double r = 0;
      for (const auto& [from, value] : steps) {
        if (t < from) break;
        r = value;
      }
      return r;
    }
    case Kind::RAMP:
      if (t <= t0) return rate;
      if (t >= t1) return rate2;
      return rate + (rate2 - rate) * (t - t0) / (t1 - t0);
    case Kind::DIURNAL: {
      // A cosine that peaks at t0 (modulo the period t1) with value rate2 and bottoms at rate.
      const double phase = 2 * std::numbers::pi * (t - t0) / t1;
      return rate + (rate2 - rate) * (1 + std::cos(phase)) / 2;
    }
    case Kind::SPIKE:
      return (t >= t0 && t < t0 + t1) ? rate2 : rate;
  }
  return 0;
}

double RateProfile::max_rate() const {
  switch (kind) {
    case Kind::CONSTANT:
      return rate;
    case Kind::STEPS: {
      double m = 0;
      for (const auto& s : steps) m = std::max(m, s.second);
      return m;
    }
    case Kind::RAMP:
    case Kind::DIURNAL:
    case Kind::SPIKE:
      return std::max(rate, rate2);
  }
  return 0;
}

const ServiceSpec* ScenarioSpec::find_service(const std::string& service_name) const {
  for (const auto& s : services)
    if (s.name == service_name) return &s;
  return nullptr;
}

int IntOrPercent::resolve(int replicas, bool round_up) const {
  if (!percent) return static_cast<int>(value);
  const double pods = value * replicas / 100.0;
  // Kubernetes rounds maxSurge up and maxUnavailable down (a small epsilon absorbs 25 % of 4 = 1.0000001).
  return static_cast<int>(round_up ? std::ceil(pods - 1e-9) : std::floor(pods + 1e-9));
}

}  // namespace msim::scenario
