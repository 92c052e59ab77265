#include "runner/SimulationRunner.hpp"

#include <chrono>
#include <thread>

#include <QThread>

namespace msim::gui {
namespace {

using Clock = std::chrono::steady_clock;

// Merges `more` into `into` (rows produced since the last publication).
void merge(msim::api::Snapshot& into, msim::api::Snapshot&& more) {
  into.sim_time_s = more.sim_time_s;
  into.duration_s = more.duration_s;
  into.events = more.events;
  into.finished = more.finished;
  for (auto& r : more.rows) into.rows.push_back(std::move(r));
  for (auto& e : more.event_rows) into.event_rows.push_back(std::move(e));
}

}  // namespace

SimulationRunner::SimulationRunner(QObject* parent) : QObject(parent) {
  qRegisterMetaType<SnapshotPtr>("msim::gui::SnapshotPtr");
  qRegisterMetaType<SummaryPtr>("msim::gui::SummaryPtr");
}

SimulationRunner::~SimulationRunner() {
  stop();
  wait(-1);
  delete thread_;
}

bool SimulationRunner::start(const RunSettings& settings) {
  if (active_) return false;
  if (thread_) {  // the previous worker has emitted its last signal and is ending
    thread_->wait();
    delete thread_;
    thread_ = nullptr;
  }
  active_ = true;
  stop_ = false;
  step_ = false;
  paused_ = settings.start_paused;
  speed_ = settings.speed;
  thread_ = QThread::create([this, settings] { run(settings); });
  thread_->start();
  return true;
}

void SimulationRunner::pause() {
  if (!active_ || paused_) return;
  paused_ = true;
  emit paused_changed(true);
}

void SimulationRunner::resume() {
  if (!active_ || !paused_) return;
  ++speed_generation_;
  paused_ = false;
  wake_.notify_all();
  emit paused_changed(false);
}

void SimulationRunner::step() {
  if (!active_) return;
  if (!paused_) pause();
  step_ = true;
  wake_.notify_all();
}

void SimulationRunner::stop() {
  stop_ = true;
  wake_.notify_all();
}

void SimulationRunner::set_speed(double speed) {
  speed_ = speed;
  ++speed_generation_;
}

bool SimulationRunner::wait(int msecs) {
  if (!thread_) return true;
  const bool ended = msecs < 0 ? thread_->wait() : thread_->wait(QDeadlineTimer(msecs));
  return ended;
}

void SimulationRunner::wait_while_paused() {
  std::unique_lock lock(mutex_);
  wake_.wait_for(lock, std::chrono::milliseconds(50), [this] { return stop_ || step_ || !paused_; });
}

void SimulationRunner::run(RunSettings settings) {
  msim::api::SessionOptions options;
  options.seed = settings.seed;
  for (const auto& o : settings.overrides) options.overrides.push_back(o.toStdString());
  options.out_dir = settings.out_dir.toStdString();
  options.keep_rows = true;
  auto open = msim::api::Session::open(settings.scenario_path.toStdString(), options);
  if (!open.session) {
    QStringList problems;
    for (const auto& p : open.problems) problems << QString::fromStdString(p);
    active_ = false;
    emit failed(problems);
    return;
  }
  auto& session = *open.session;
  emit warmup_known(session.summary().warmup_s);
  emit started(session.duration_s());

  auto pending = std::make_shared<msim::api::Snapshot>();
  auto last_publish = Clock::now();
  auto publish = [&] {
    emit snapshot_ready(pending);
    pending = std::make_shared<msim::api::Snapshot>();
    last_publish = Clock::now();
  };
  // Real-time pacing: simulated time since `pace_sim` must not run ahead of speed x wall time.
  int pace_generation = -1;
  double pace_sim = 0;
  auto pace_wall = Clock::now();
  bool done = false;
  while (!done && !stop_) {
    if (paused_ && !step_) {
      if (!pending->rows.empty() || !pending->event_rows.empty()) publish();
      wait_while_paused();
      continue;
    }
    const double speed = speed_;
    if (pace_generation != speed_generation_) {
      pace_generation = speed_generation_;
      pace_sim = session.sim_time_s();
      pace_wall = Clock::now();
    }
    // Small batches when paced or stepping, so time advances smoothly and steps stop near a tick.
    const std::uint64_t batch = speed > 0 || step_ ? 500 : 20000;
    done = session.step(batch);
    auto snapshot = session.take_snapshot();
    const bool new_interval = !snapshot.rows.empty();
    merge(*pending, std::move(snapshot));
    if (step_ && new_interval) {
      step_ = false;
      publish();
      continue;
    }
    if (speed > 0 && !step_) {
      const double ahead_s = (session.sim_time_s() - pace_sim) / speed - std::chrono::duration<double>(Clock::now() - pace_wall).count();
      if (ahead_s > 0) std::this_thread::sleep_for(std::chrono::duration<double>(std::min(ahead_s, 0.1)));
    }
    if (Clock::now() - last_publish >= std::chrono::milliseconds(PUBLISH_INTERVAL_MS)) publish();
  }
  publish();
  if (stop_ && !done) {
    auto summary = std::make_shared<const msim::api::Summary>(session.summary());
    active_ = false;
    emit finished(summary, QString(), true);
    return;
  }
  QString out_dir;
  SummaryPtr summary;
  QString write_error;
  try {
    summary = std::make_shared<const msim::api::Summary>(session.finish());
    out_dir = settings.out_dir;
  } catch (const std::exception& e) {  // the result files could not be written: keep the summary
    summary = std::make_shared<const msim::api::Summary>(session.summary());
    write_error = QStringLiteral("%1: results not written: %2").arg(settings.out_dir, e.what());
  }
  active_ = false;
  if (!write_error.isEmpty()) emit failed({write_error});
  emit finished(summary, out_dir, false);
}

}  // namespace msim::gui
