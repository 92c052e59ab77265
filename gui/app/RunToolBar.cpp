#include "app/RunToolBar.hpp"

#include "charts/TimeChart.hpp"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QRegularExpressionValidator>
#include <QStyle>

namespace msim::gui {

RunToolBar::RunToolBar(QWidget* parent)
    : QToolBar(tr("Run"), parent), seed_(new QLineEdit(this)), speed_(new QComboBox(this)), progress_(new QProgressBar(this)) {
  setObjectName("run_toolbar");
  setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  validate_ = addAction(style()->standardIcon(QStyle::SP_DialogApplyButton), tr("Validate"), this, &RunToolBar::validate_requested);
  validate_->setShortcut(QKeySequence(Qt::Key_F7));
  validate_->setToolTip(tr("Check the scenario in the editor (F7)"));
  addSeparator();
  run_ = addAction(style()->standardIcon(QStyle::SP_MediaPlay), tr("Run"), this, &RunToolBar::run_requested);
  run_->setShortcut(QKeySequence(Qt::Key_F5));
  run_->setToolTip(tr("Save the scenario and simulate it (F5)"));
  pause_ = addAction(style()->standardIcon(QStyle::SP_MediaPause), tr("Pause"), this, [this] {
    if (state_ == State::PAUSED) emit resume_requested();
    else emit pause_requested();
  });
  pause_->setShortcut(QKeySequence(Qt::Key_F6));
  step_ = addAction(style()->standardIcon(QStyle::SP_MediaSeekForward), tr("Step"), this, &RunToolBar::step_requested);
  step_->setShortcut(QKeySequence(Qt::Key_F10));
  step_->setToolTip(tr("Simulate one more metrics interval, then pause (F10)"));
  stop_ = addAction(style()->standardIcon(QStyle::SP_MediaStop), tr("Stop"), this, &RunToolBar::stop_requested);
  stop_->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F5));
  stop_->setToolTip(tr("End the run now; nothing is written (Shift+F5)"));
  addSeparator();
  addWidget(new QLabel(tr(" Seed: "), this));
  seed_->setPlaceholderText(tr("scenario's"));
  seed_->setValidator(new QRegularExpressionValidator(QRegularExpression("\\d{0,19}"), seed_));
  seed_->setMaximumWidth(110);
  seed_->setToolTip(tr("Random seed; empty for the scenario's own. Same seed, same results."));
  addWidget(seed_);
  addWidget(new QLabel(tr(" Speed: "), this));
  speed_->addItem(tr("As fast as possible"), 0.0);
  for (const double x : {1.0, 10.0, 60.0, 600.0}) speed_->addItem(tr("%1x real time").arg(x), x);
  speed_->setToolTip(tr("Simulated seconds per wall-clock second"));
  addWidget(speed_);
  connect(speed_, &QComboBox::currentIndexChanged, this, [this] { emit speed_changed(speed()); });
  addSeparator();
  progress_->setMinimumWidth(220);
  progress_->setRange(0, 1000);
  progress_->setValue(0);
  progress_->setFormat(tr("not running"));
  progress_->setTextVisible(true);
  addWidget(progress_);
  set_state(State::IDLE);
}

void RunToolBar::set_state(State state) {
  state_ = state;
  const bool active = state != State::IDLE;
  run_->setEnabled(!active);
  validate_->setEnabled(!active);
  pause_->setEnabled(active);
  step_->setEnabled(true);  // before a run: starts it paused and steps
  stop_->setEnabled(active);
  seed_->setEnabled(!active);
  pause_->setText(state == State::PAUSED ? tr("Resume") : tr("Pause"));
  pause_->setIcon(style()->standardIcon(state == State::PAUSED ? QStyle::SP_MediaPlay : QStyle::SP_MediaPause));
  pause_->setToolTip(state == State::PAUSED ? tr("Continue the run (F6)") : tr("Pause the run (F6)"));
}

void RunToolBar::set_progress(double sim_s, double duration_s) {
  progress_->setValue(duration_s > 0 ? static_cast<int>(1000 * sim_s / duration_s) : 0);
  const bool hours = duration_s >= 3600;
  progress_->setFormat(tr("%1 / %2 simulated").arg(TimeChart::format_time(sim_s, hours), TimeChart::format_time(duration_s, hours)));
}

void RunToolBar::show_results(double duration_s) {
  progress_->setValue(0);
  progress_->setFormat(tr("not running (results of %1 simulated shown)").arg(TimeChart::format_time(duration_s, duration_s >= 3600)));
}

QString RunToolBar::progress_text() const { return progress_->format(); }

std::optional<quint64> RunToolBar::seed() const {
  bool ok = false;
  const quint64 value = seed_->text().toULongLong(&ok);
  return ok ? std::optional<quint64>(value) : std::nullopt;
}

void RunToolBar::set_seed(std::optional<quint64> seed) { seed_->setText(seed ? QString::number(*seed) : QString()); }

double RunToolBar::speed() const { return speed_->currentData().toDouble(); }

void RunToolBar::set_speed(double speed) {
  int index = speed_->findData(speed);
  if (index < 0) {
    speed_->addItem(tr("%1x real time").arg(speed), speed);
    index = speed_->count() - 1;
  }
  speed_->setCurrentIndex(index);
}

}  // namespace msim::gui
