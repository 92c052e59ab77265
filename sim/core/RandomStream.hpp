#pragma once
/** @file
 *  @brief Independent random streams, one per component, derived from (seed, replication, path).
 */
#include <cstdint>
#include <string_view>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_01.hpp>

namespace msim::core {

/**
 * @brief Seed of the stream of component `path` (e.g. "services/cart/work") in replication
 * `replication` of a run seeded with `seed`. Depends only on these three values, never on the
 * order in which components are built, so changing one component leaves every other stream
 * unchanged (common random numbers across compared configurations).
 */
std::uint64_t derive_stream_seed(std::uint64_t seed, std::uint64_t replication, std::string_view path);

/** @brief One component's generator: Boost's 64-bit Mersenne Twister, a UniformRandomBitGenerator. */
class RandomStream {
public:
  using result_type = boost::random::mt19937_64::result_type;

  RandomStream() = default;
  RandomStream(std::uint64_t seed, std::uint64_t replication, std::string_view path)
      : engine_(derive_stream_seed(seed, replication, path)) {}

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return ~result_type{0}; }  // 64-bit output
  result_type operator()() { return engine_(); }

  /** Uniform on [0, 1). */
  double uniform01() { return boost::random::uniform_01<double>()(engine_); }

  boost::random::mt19937_64& engine() { return engine_; }

private:
  boost::random::mt19937_64 engine_;
};

}  // namespace msim::core
