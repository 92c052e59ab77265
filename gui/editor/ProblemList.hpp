#pragma once
/** @file
 *  @brief The list of a scenario's validation problems; activating one jumps to its line.
 */
#include <QListWidget>

#include "editor/ScenarioEditor.hpp"

namespace msim::gui {

class ProblemList : public QListWidget {
  Q_OBJECT
public:
  explicit ProblemList(QWidget* parent = nullptr);
  /** Shows the problems, or one line saying there are none when `checked`. */
  void set_problems(const QVector<ScenarioProblem>& problems, bool checked = true);

signals:
  void go_to(int line, int column);
};

}  // namespace msim::gui
