#pragma once
/** @file
 *  @brief `msim generate`: synthetic scenarios shaped like the Alibaba microservice traces
 *         (tree-like call graphs with heavy-tailed fan-out; about 15 % of sibling calls in
 *         parallel; 37 % cache, 33 % HTTP, 28 % RPC, 2 % database services), for scale tests.
 */
#include <cstdint>
#include <string>

namespace msim::scenario {

struct GeneratorOptions {
  int services = 100;
  int instances = 300;  // in all, at least one per service
  double rate = 5000;  // requests per second into the entry services
  std::string duration = "1h";
  std::uint64_t seed = 1;
};

/** The scenario as YAML text; throws std::invalid_argument for impossible options. */
std::string generate_alibaba_like(const GeneratorOptions& options);

}  // namespace msim::scenario
