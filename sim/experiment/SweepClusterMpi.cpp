// The MPI kind of SweepCluster: rank 0 holds a counter that every rank's threads increment with
// one-sided atomic operations (MPI-3 RMA), so runs go to whichever rank is free: dynamic, with no
// dispatcher thread. Compiled only when CMake finds MPI.
#include "experiment/SweepCluster.hpp"

#include <cstdint>
#include <mutex>

#include <mpi.h>

namespace msim::experiment {
namespace {

class MpiCluster final : public SweepCluster {
public:
  MpiCluster() {
    int initialized = 0;
    MPI_Initialized(&initialized);
    if (!initialized) {
      int provided = 0;
      // Worker threads call MPI one at a time (under mutex_): SERIALIZED is enough.
      MPI_Init_thread(nullptr, nullptr, MPI_THREAD_SERIALIZED, &provided);
      owns_mpi_ = true;
    }
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Win_allocate(rank_ == 0 ? sizeof(std::int64_t) : 0, sizeof(std::int64_t), MPI_INFO_NULL, MPI_COMM_WORLD, &counter_base_, &window_);
    if (rank_ == 0) {
      MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, window_);
      *static_cast<std::int64_t*>(counter_base_) = 0;
      MPI_Win_unlock(0, window_);
    }
    MPI_Barrier(MPI_COMM_WORLD);
  }
  ~MpiCluster() override {
    MPI_Barrier(MPI_COMM_WORLD);
    MPI_Win_free(&window_);
    if (owns_mpi_) MPI_Finalize();
  }

  bool root() const override { return rank_ == 0; }

  void share(std::string& text) override {
    std::uint64_t size = text.size();
    MPI_Bcast(&size, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
    text.resize(size);
    if (size > 0) MPI_Bcast(text.data(), static_cast<int>(size), MPI_CHAR, 0, MPI_COMM_WORLD);
  }

  void share(std::vector<std::size_t>& values) override {
    std::uint64_t size = values.size();
    MPI_Bcast(&size, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
    std::vector<std::uint64_t> buffer(values.begin(), values.end());
    buffer.resize(size);
    if (size > 0) MPI_Bcast(buffer.data(), static_cast<int>(size), MPI_UINT64_T, 0, MPI_COMM_WORLD);
    values.assign(buffer.begin(), buffer.end());
  }

  std::optional<std::size_t> take(std::size_t limit) override {
    const std::int64_t one = 1;
    std::int64_t got = 0;
    {
      std::lock_guard lock(mutex_);
      MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, window_);
      MPI_Fetch_and_op(&one, &got, MPI_INT64_T, 0, 0, MPI_SUM, window_);
      MPI_Win_unlock(0, window_);
    }
    return static_cast<std::size_t>(got) < limit ? std::optional(static_cast<std::size_t>(got)) : std::nullopt;
  }

  std::size_t sum(std::size_t value) override {
    std::uint64_t in = value, out = 0;
    MPI_Allreduce(&in, &out, 1, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
    return out;
  }

private:
  int rank_ = 0;
  bool owns_mpi_ = false;
  void* counter_base_ = nullptr;
  MPI_Win window_{};
  std::mutex mutex_;
};

}  // namespace

std::unique_ptr<SweepCluster> make_mpi_cluster() { return std::make_unique<MpiCluster>(); }

}  // namespace msim::experiment
