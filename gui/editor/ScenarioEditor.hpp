#pragma once
/** @file
 *  @brief The scenario's YAML text: highlighting, line numbers, and validation problems
 *         underlined at their line with the message as tooltip.
 */
#include <QMap>
#include <QPlainTextEdit>

namespace msim::gui {

/** A problem parsed from "FILE:LINE:COLUMN: message" (line 0 when it has no place). */
struct ScenarioProblem {
  QString file;
  int line = 0;
  int column = 0;
  QString message;
  QString text;  // as reported

  static ScenarioProblem parse(const QString& problem);
};

class ScenarioEditor : public QPlainTextEdit {
  Q_OBJECT
public:
  explicit ScenarioEditor(QWidget* parent = nullptr);

  bool load_file(const QString& path, QString* error);
  /** Saves to `path` (or the current file). */
  bool save(QString* error, const QString& path = {});
  /** Empties the editor: no file is open. */
  void close_file();
  QString path() const { return path_; }
  bool is_modified() const { return document()->isModified(); }

  /** Underlines the lines of the problems; problems without a line are only listed elsewhere. */
  void set_problems(const QVector<ScenarioProblem>& problems);
  /** 1-based lines that carry an underline, with their messages. */
  const QMap<int, QString>& problem_lines() const { return problem_lines_; }
  void go_to(int line, int column);

signals:
  void path_changed(const QString& path);

protected:
  bool event(QEvent* event) override;
  bool eventFilter(QObject* watched, QEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;

private:
  int line_area_width() const;
  void paint_line_numbers(QPaintEvent* event);
  void update_line_area(const QRect& rect, int dy);

  QString path_;
  QWidget* line_area_;
  QMap<int, QString> problem_lines_;
};

}  // namespace msim::gui
