#pragma once
/** @file
 *  @brief Run controls: Run, Pause/Resume, Step, Stop, the seed, the speed and a progress bar
 *         of simulated time.
 */
#include <optional>

#include <QToolBar>

class QAction;
class QComboBox;
class QLineEdit;
class QProgressBar;

namespace msim::gui {

class RunToolBar : public QToolBar {
  Q_OBJECT
public:
  enum class State { IDLE, RUNNING, PAUSED };

  explicit RunToolBar(QWidget* parent = nullptr);

  void set_state(State state);
  State state() const { return state_; }
  void set_progress(double sim_s, double duration_s);
  /** No run: the charts show a results folder of this length. */
  void show_results(double duration_s);
  QString progress_text() const;
  /** The seed typed in, or none for the scenario's own. */
  std::optional<quint64> seed() const;
  void set_seed(std::optional<quint64> seed);
  /** Simulated seconds per wall second; 0 for as fast as possible. */
  double speed() const;
  void set_speed(double speed);

  QAction* run_action() const { return run_; }
  QAction* pause_action() const { return pause_; }
  QAction* step_action() const { return step_; }
  QAction* stop_action() const { return stop_; }
  QAction* validate_action() const { return validate_; }
  QProgressBar* progress_bar() const { return progress_; }

signals:
  void run_requested();
  void pause_requested();
  void resume_requested();
  void step_requested();
  void stop_requested();
  void validate_requested();
  void speed_changed(double speed);

private:
  State state_ = State::IDLE;
  QAction* validate_;
  QAction* run_;
  QAction* pause_;
  QAction* step_;
  QAction* stop_;
  QLineEdit* seed_;
  QComboBox* speed_;
  QProgressBar* progress_;
};

}  // namespace msim::gui
