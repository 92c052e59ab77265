#pragma once
/** @file
 *  @brief Who runs a sweep together: this process alone, or the ranks of an MPI job. The sweep
 *         is written once against this interface; only the MPI build has the second kind.
 */
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace msim::experiment {

class SweepCluster {
public:
  virtual ~SweepCluster() = default;
  /** The process that prepares the folder, reports progress and writes the tables. */
  virtual bool root() const = 0;
  /** Root's value reaches every process. */
  virtual void share(std::string& text) = 0;
  virtual void share(std::vector<std::size_t>& values) = 0;
  /** Hands out 0, 1, 2, ... below `limit`, each number once across all processes (thread-safe). */
  virtual std::optional<std::size_t> take(std::size_t limit) = 0;
  /** Sum over all processes (collective: every process calls it). */
  virtual std::size_t sum(std::size_t value) = 0;
};

/** This process alone. */
std::unique_ptr<SweepCluster> make_local_cluster();
/** The ranks of the MPI job this process belongs to (initialises MPI); null without an MPI build. */
std::unique_ptr<SweepCluster> make_mpi_cluster();

}  // namespace msim::experiment
