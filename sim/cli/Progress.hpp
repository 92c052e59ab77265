#pragma once
/** @file
 *  @brief The progress line of long commands: one updating line on a terminal, plain lines otherwise.
 */
#include <chrono>
#include <cstdint>
#include <cstdio>

namespace msim::cli {

class Progress {
public:
  explicit Progress(std::FILE* out);
  /** Shows the fraction done; rate-limited, so it is cheap to call often. */
  void update(double fraction, std::uint64_t events);
  /** Clears the line (terminal) before other output. */
  void done();

private:
  std::FILE* out_;
  bool terminal_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
  bool shown_ = false;
};

}  // namespace msim::cli
