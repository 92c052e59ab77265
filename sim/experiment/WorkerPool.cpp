#include "experiment/WorkerPool.hpp"

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace msim::experiment {

void run_workers(unsigned threads, const std::function<void()>& worker, const std::function<void()>& report,
                 std::chrono::milliseconds period) {
  std::mutex mutex;
  std::condition_variable finished;
  unsigned running = threads;
  std::vector<std::jthread> pool;
  for (unsigned t = 0; t < threads; ++t)
    pool.emplace_back([&] {
      worker();
      std::lock_guard lock(mutex);
      --running;
      finished.notify_all();
    });
  std::unique_lock lock(mutex);
  while (running > 0) {
    finished.wait_for(lock, period);
    if (running == 0) break;
    lock.unlock();
    if (report) report();
    lock.lock();
  }
}

}  // namespace msim::experiment
