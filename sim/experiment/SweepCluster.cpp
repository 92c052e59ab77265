#include "experiment/SweepCluster.hpp"

#include <atomic>

namespace msim::experiment {
namespace {

class LocalCluster final : public SweepCluster {
public:
  bool root() const override { return true; }
  void share(std::string&) override {}
  void share(std::vector<std::size_t>&) override {}
  std::optional<std::size_t> take(std::size_t limit) override {
    const std::size_t k = next_++;
    return k < limit ? std::optional(k) : std::nullopt;
  }
  std::size_t sum(std::size_t value) override { return value; }

private:
  std::atomic<std::size_t> next_{0};
};

}  // namespace

std::unique_ptr<SweepCluster> make_local_cluster() { return std::make_unique<LocalCluster>(); }

}  // namespace msim::experiment

#ifndef MSIM_HAVE_MPI
namespace msim::experiment {
std::unique_ptr<SweepCluster> make_mpi_cluster() { return nullptr; }
}  // namespace msim::experiment
#endif
