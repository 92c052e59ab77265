#pragma once
/** @file
 *  @brief Runs one job function on several threads while the calling thread reports progress.
 */
#include <chrono>
#include <functional>

namespace msim::experiment {

/**
 * Runs `worker` on `threads` threads (each returns when it finds no more work) and, on the
 * calling thread, calls `report` every `period` until all of them have returned. `report` is
 * never called concurrently with itself; the workers synchronise their own data.
 */
void run_workers(unsigned threads, const std::function<void()>& worker, const std::function<void()>& report,
                 std::chrono::milliseconds period);

}  // namespace msim::experiment
