#include <cmath>

#include "balancing/BalancingPolicy.hpp"

namespace msim::balancing {
namespace {

/** Finagle's peak EWMA: power of two choices on cost = peak EWMA of latency x (outstanding + 1). */
class PeakEwma final : public BalancingPolicy {
public:
  explicit PeakEwma(double decay_s) : decay_s_(decay_s) {}
  std::uint32_t choose(const Request& r, Shared& shared) override {
    auto cost = [&](std::uint32_t id) {
      const std::uint32_t l = r.local(id);
      if (l >= per_.size()) return 0.0;
      const Latency& s = per_[l];
      const double decay = std::exp(-(r.now - s.at).seconds() / decay_s_);
      return s.ewma * decay * (shared.outstanding(l) + 1);
    };
    const auto size = static_cast<std::uint32_t>(r.candidates.size());
    const std::uint32_t a = r.candidates[shared.uniform(size)], b = r.candidates[shared.uniform(size)];
    return cost(b) < cost(a) ? b : a;
  }
  bool observes_latency() const override { return true; }
  void on_done(std::uint32_t local, core::SimTime now, core::SimTime latency) override {
    // Peak-sensitive: jump up to a slower sample at once, decay towards faster ones.
    if (local >= per_.size()) per_.resize(local + 1);
    Latency& s = per_[local];
    const double rtt = latency.seconds();
    const double w = std::exp(-(now - s.at).seconds() / decay_s_);
    s.ewma = rtt > s.ewma ? rtt : s.ewma * w + rtt * (1 - w);
    s.at = now;
  }

private:
  struct Latency {
    double ewma = 0;  // seconds
    core::SimTime at;
  };
  double decay_s_;
  std::vector<Latency> per_;  // per instance index
};

}  // namespace

PolicyEntry peak_ewma_policy() {
  return {"peak_ewma", "Finagle's peak EWMA: two random choices, the lower latency EWMA x (outstanding + 1) wins",
          {{"decay", ParamSpec::Kind::DURATION, 0, 0, 10, "time constant of the latency average (Finagle's 10 s)"}},
          [](const Params& p) {  // through SimTime, as every duration of a scenario: whole nanoseconds
            return std::make_unique<PeakEwma>(core::SimTime::from_seconds(p.at("decay")).seconds());
          }};
}

}  // namespace msim::balancing
