#include "model/Balancer.hpp"

#include <cmath>

namespace msim::model {

Balancer::Balancer(const scenario::BalancerSpec& spec, core::RandomStream rng) : spec_(spec), rng_(std::move(rng)) {}

std::uint64_t Balancer::hash64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

std::uint64_t Balancer::key_of(std::uint64_t request_id) const { return spec_.keys > 0 ? request_id % spec_.keys : request_id; }

void Balancer::on_sent(std::uint32_t local) { ++state(local).outstanding; }

void Balancer::on_done(std::uint32_t local, core::SimTime now, core::SimTime latency) {
  PerInstance& s = state(local);
  --s.outstanding;
  if (spec_.policy != scenario::BalancerKind::PEAK_EWMA) return;
  // Peak-sensitive EWMA: jump up to a slower sample at once, decay towards faster ones.
  const double rtt = latency.seconds();
  const double w = std::exp(-(now - s.ewma_at).seconds() / spec_.decay.seconds());
  s.ewma = rtt > s.ewma ? rtt : s.ewma * w + rtt * (1 - w);
  s.ewma_at = now;
}

void Balancer::on_connection_failed(std::uint32_t local, core::SimTime now) {
  if (spec_.max_fails == 0) return;
  PerInstance& s = state(local);
  if (s.fails == 0 || now - s.first_fail > spec_.fail_timeout) {
    s.fails = 0;
    s.first_fail = now;
  }
  if (++s.fails >= spec_.max_fails) {
    s.down_until = now + spec_.fail_timeout;
    s.fails = 0;
  }
}

}  // namespace msim::model
