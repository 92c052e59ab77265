#pragma once
/** @file
 *  @brief Drives an msim::api::Session on a worker thread: run, pause, resume, step, stop, speed.
 *
 *  The GUI never touches the session: commands go in through atomics, and results come back as
 *  queued signals carrying immutable snapshots, published at most ~15 times a second.
 */
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>

#include <QObject>
#include <QStringList>
#include <msim/Session.hpp>

class QThread;

namespace msim::gui {

using SnapshotPtr = std::shared_ptr<const msim::api::Snapshot>;
using SummaryPtr = std::shared_ptr<const msim::api::Summary>;

struct RunSettings {
  QString scenario_path;
  std::optional<quint64> seed;  // none: the scenario's seed
  QStringList overrides;  // "dotted.key=value"
  double speed = 0;  // simulated seconds per wall second; 0: as fast as possible
  QString out_dir;  // where finish() writes the result files; empty: nothing is written
  bool start_paused = false;
};

class SimulationRunner : public QObject {
  Q_OBJECT
public:
  explicit SimulationRunner(QObject* parent = nullptr);
  ~SimulationRunner() override;

  /** Starts a run on a new worker thread; false if one is still running. */
  bool start(const RunSettings& settings);
  void pause();
  void resume();
  /** Simulates up to the next metrics interval, then pauses. */
  void step();
  /** Ends the run early: no files are written. Returns at once; finished() follows. */
  void stop();
  void set_speed(double speed);
  bool is_running() const { return active_; }
  bool is_paused() const { return paused_; }
  /** Waits (for tests and shutdown) until the worker thread has ended. */
  bool wait(int msecs);

  /** The minimum wall time between two snapshots. */
  static constexpr int PUBLISH_INTERVAL_MS = 66;

signals:
  /** The scenario loaded; the run begins. */
  void started(double duration_s);
  /** Sent just before started(): the run's warm-up in seconds (0: none). */
  void warmup_known(double warmup_s);
  /** The scenario did not load: "FILE:LINE:COLUMN: message" problems. */
  void failed(const QStringList& problems);
  void snapshot_ready(msim::gui::SnapshotPtr snapshot);
  void paused_changed(bool paused);
  /** The run ended: its results (never null); `out_dir` is empty if nothing was written. */
  void finished(msim::gui::SummaryPtr summary, const QString& out_dir, bool stopped);

private:
  void run(RunSettings settings);
  void wait_while_paused();

  QThread* thread_ = nullptr;  // the last worker, kept until the next start
  std::atomic<bool> active_{false};  // cleared just before finished() or failed() is emitted
  std::atomic<bool> stop_{false};
  std::atomic<bool> paused_{false};
  std::atomic<bool> step_{false};
  std::atomic<double> speed_{0};
  std::atomic<int> speed_generation_{0};  // changes when the speed or pause state changes: pacing restarts
  std::mutex mutex_;
  std::condition_variable wake_;
};

}  // namespace msim::gui

Q_DECLARE_METATYPE(msim::gui::SnapshotPtr)
Q_DECLARE_METATYPE(msim::gui::SummaryPtr)
