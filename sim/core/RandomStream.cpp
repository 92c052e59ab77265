#include "core/RandomStream.hpp"

namespace msim::core {
namespace {

// SplitMix64 finalizer: a bijective mix so that nearby inputs give unrelated seeds.
std::uint64_t mix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// FNV-1a: stable across platforms and standard libraries (std::hash is not).
std::uint64_t hash_path(std::string_view path) {
  std::uint64_t h = 0xCBF29CE484222325ull;
  for (const char c : path) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001B3ull;
  }
  return h;
}

}  // namespace

std::uint64_t derive_stream_seed(std::uint64_t seed, std::uint64_t replication, std::string_view path) {
  return mix64(mix64(mix64(seed) ^ replication) ^ hash_path(path));
}

}  // namespace msim::core
