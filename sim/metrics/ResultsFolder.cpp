#include "metrics/ResultsFolder.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <signal.h>
#include <stdexcept>
#include <string>
#include <system_error>

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include "metrics/OutputFile.hpp"

namespace msim::metrics {
namespace {

namespace fs = std::filesystem;

bool process_exists(long pid) { return pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM); }

// The pid after `prefix` when `name` is exactly prefix + digits.
std::optional<long> pid_after(const std::string& name, const std::string& prefix) {
  if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
  long pid = 0;
  for (std::size_t i = prefix.size(); i < name.size(); ++i) {
    if (name[i] < '0' || name[i] > '9' || pid > 1'000'000'000) return std::nullopt;
    pid = pid * 10 + (name[i] - '0');
  }
  return pid;
}

fs::path normalised(fs::path target) {
  target = fs::absolute(target).lexically_normal();
  if (target.filename().empty()) target = target.parent_path();  // "out/" -> "out"
  return target;
}

// ".<name>.<kind>-<pid>" -> (name, kind, pid), for kind "staging" or "old".
struct Leftover {
  std::string name;
  bool old = false;
  long pid = 0;
};
std::optional<Leftover> leftover(const std::string& entry) {
  if (entry.size() < 2 || entry[0] != '.') return std::nullopt;
  for (const bool old : {false, true}) {
    const std::string tag = old ? ".old-" : ".staging-";
    const auto at = entry.rfind(tag);
    if (at == std::string::npos || at <= 1) continue;
    if (const auto pid = pid_after(entry, entry.substr(0, at + tag.size()))) return Leftover{entry.substr(1, at - 1), old, *pid};
  }
  return std::nullopt;
}

// msim replaces a folder only when it is one of its own results folders (or empty), so that
// `--out ~/project` cannot replace a folder of the user's.
bool is_results_folder(const fs::path& dir) {
  std::error_code ec;
  if (fs::is_empty(dir, ec)) return true;
  for (const char* marker : {"summary.json", "failed.json", "compare.json", "experiment.json", "report.html"})
    if (fs::exists(dir / marker, ec)) return true;
  return false;
}

}  // namespace

// What killed runs left: staging folders (removed) and previous folders moved aside (moved back
// when the kill came between the two renames, else removed).
void remove_abandoned_staging(const fs::path& parent) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(parent, ec)) {
    const auto found = leftover(entry.path().filename().string());
    if (!found || process_exists(found->pid)) continue;
    const fs::path target = parent / found->name;
    if (found->old && !fs::exists(target, ec)) fs::rename(entry.path(), target, ec);
    else fs::remove_all(entry.path(), ec);
  }
}

void remove_leftover_temporaries(const fs::path& dir) {
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    const std::string name = it->path().filename().string();
    const auto at = name.rfind(".tmp-");
    if (at == std::string::npos) continue;
    if (const auto pid = pid_after(name, name.substr(0, at + 5)); pid && !process_exists(*pid)) fs::remove(it->path(), ec);
  }
}

ResultsFolder::ResultsFolder(fs::path target, Cleanup cleanup) : target_(normalised(std::move(target))) {
  const fs::path parent = target_.parent_path();
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec) throw OutputError(fmt::format("cannot create {}: {}", parent.string(), ec.message()));
  if (cleanup == Cleanup::BESIDE) remove_abandoned_staging(parent);
  if (fs::exists(target_, ec)) {
    if (!fs::is_directory(target_, ec))
      throw std::invalid_argument(fmt::format("{} exists and is not a folder: choose another output folder", target_.string()));
    if (!is_results_folder(target_))
      throw std::invalid_argument(fmt::format("{} holds files that are not msim results (no summary.json, compare.json or experiment.json): "
                                              "msim replaces its output folder whole, so choose a new or empty folder",
                                              target_.string()));
    remove_leftover_temporaries(target_);
  }
  staging_ = parent / fmt::format(".{}.staging-{}", target_.filename().string(), ::getpid());
  fs::remove_all(staging_, ec);
  fs::create_directory(staging_, ec);
  if (ec) throw OutputError(fmt::format("cannot create {}: {}", staging_.string(), ec.message()));
}

ResultsFolder::~ResultsFolder() {
  if (committed_) return;
  std::error_code ignored;
  fs::remove_all(staging_, ignored);
}

void ResultsFolder::commit() {
  std::error_code ec;
  if (!fs::exists(target_, ec)) {
    fs::rename(staging_, target_, ec);
    if (ec) throw OutputError(fmt::format("cannot move results into {}: {}", target_.string(), ec.message()));
    committed_ = true;
    return;
  }
  // One atomic swap where the file system supports it; the old folder is then at staging_.
  if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, target_.c_str(), RENAME_EXCHANGE) == 0) {
    committed_ = true;
    fs::remove_all(staging_, ec);
    return;
  }
  const fs::path old = target_.parent_path() / fmt::format(".{}.old-{}", target_.filename().string(), ::getpid());
  fs::remove_all(old, ec);
  fs::rename(target_, old, ec);
  if (ec) throw OutputError(fmt::format("cannot move the previous {} aside: {}", target_.string(), ec.message()));
  fs::rename(staging_, target_, ec);
  if (ec) {
    std::error_code restore;
    fs::rename(old, target_, restore);
    throw OutputError(fmt::format("cannot move results into {}: {}", target_.string(), ec.message()));
  }
  committed_ = true;
  fs::remove_all(old, ec);
}

}  // namespace msim::metrics
