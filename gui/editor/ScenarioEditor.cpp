#include "editor/ScenarioEditor.hpp"

#include <QFile>
#include <QFontDatabase>
#include <QHelpEvent>
#include <QPainter>
#include <QRegularExpression>
#include <QSaveFile>
#include <QTextBlock>
#include <QToolTip>

#include "editor/YamlHighlighter.hpp"

namespace msim::gui {

ScenarioProblem ScenarioProblem::parse(const QString& problem) {
  static const QRegularExpression placed(QStringLiteral("^(.*):(\\d+):(\\d+): (.*)$"), QRegularExpression::DotMatchesEverythingOption);
  ScenarioProblem p;
  p.text = problem;
  const auto m = placed.match(problem);
  if (m.hasMatch()) {
    p.file = m.captured(1);
    p.line = m.captured(2).toInt();
    p.column = m.captured(3).toInt();
    p.message = m.captured(4);
  } else {
    p.message = problem;
  }
  return p;
}

ScenarioEditor::ScenarioEditor(QWidget* parent) : QPlainTextEdit(parent), line_area_(new QWidget(this)) {
  setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  setLineWrapMode(QPlainTextEdit::NoWrap);
  setTabChangesFocus(false);
  setPlaceholderText(tr("Open a scenario (File > Open, drag a .yaml file here, or msim-gui FILE)"));
  new YamlHighlighter(document());
  line_area_->installEventFilter(this);
  connect(this, &QPlainTextEdit::blockCountChanged, this, [this] { setViewportMargins(line_area_width(), 0, 0, 0); });
  connect(this, &QPlainTextEdit::updateRequest, this, &ScenarioEditor::update_line_area);
  setViewportMargins(line_area_width(), 0, 0, 0);
}

bool ScenarioEditor::load_file(const QString& path, QString* error) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
    if (error) *error = QStringLiteral("%1: %2").arg(path, file.errorString());
    return false;
  }
  setPlainText(QString::fromUtf8(file.readAll()));
  document()->setModified(false);
  path_ = path;
  set_problems({});
  emit path_changed(path_);
  return true;
}

void ScenarioEditor::close_file() {
  setPlainText({});
  document()->setModified(false);
  path_.clear();
  set_problems({});
  emit path_changed(path_);
}

bool ScenarioEditor::save(QString* error, const QString& path) {
  const QString target = path.isEmpty() ? path_ : path;
  QSaveFile file(target);
  if (target.isEmpty() || !file.open(QIODevice::WriteOnly | QIODevice::Text)) {
    if (error) *error = target.isEmpty() ? tr("no file name") : QStringLiteral("%1: %2").arg(target, file.errorString());
    return false;
  }
  file.write(toPlainText().toUtf8());
  if (!file.commit()) {
    if (error) *error = QStringLiteral("%1: %2").arg(target, file.errorString());
    return false;
  }
  document()->setModified(false);
  if (target != path_) {
    path_ = target;
    emit path_changed(path_);
  }
  return true;
}

void ScenarioEditor::set_problems(const QVector<ScenarioProblem>& problems) {
  problem_lines_.clear();
  QList<QTextEdit::ExtraSelection> selections;
  for (const auto& p : problems) {
    if (p.line < 1 || p.line > document()->blockCount()) continue;
    auto& message = problem_lines_[p.line];
    message += (message.isEmpty() ? "" : "\n") + p.message;
    const QTextBlock block = document()->findBlockByNumber(p.line - 1);
    QTextEdit::ExtraSelection s;
    s.cursor = QTextCursor(block);
    const int start = std::clamp(p.column - 1, 0, std::max(0, block.length() - 1));
    s.cursor.setPosition(block.position() + start);
    s.cursor.setPosition(block.position() + std::max(start + 1, block.length() - 1), QTextCursor::KeepAnchor);
    s.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
    s.format.setUnderlineColor(QColor(220, 0, 0));
    s.format.setBackground(QColor(255, 235, 235));
    s.format.setToolTip(p.message);
    selections << s;
  }
  setExtraSelections(selections);
  line_area_->update();
}

void ScenarioEditor::go_to(int line, int column) {
  const QTextBlock block = document()->findBlockByNumber(std::max(0, line - 1));
  QTextCursor cursor(block);
  cursor.setPosition(block.position() + std::clamp(column - 1, 0, std::max(0, block.length() - 1)));
  setTextCursor(cursor);
  centerCursor();
  setFocus();
}

bool ScenarioEditor::event(QEvent* event) {
  if (event->type() == QEvent::ToolTip) {
    auto* help = static_cast<QHelpEvent*>(event);
    const int line = cursorForPosition(viewport()->mapFromGlobal(help->globalPos())).blockNumber() + 1;
    const auto it = problem_lines_.find(line);
    if (it != problem_lines_.end()) QToolTip::showText(help->globalPos(), *it, this);
    else QToolTip::hideText();
    return true;
  }
  return QPlainTextEdit::event(event);
}

int ScenarioEditor::line_area_width() const {
  int digits = 1;
  for (int n = std::max(1, document()->blockCount()); n >= 10; n /= 10) ++digits;
  return 12 + fontMetrics().horizontalAdvance(QLatin1Char('9')) * std::max(3, digits);
}

void ScenarioEditor::update_line_area(const QRect& rect, int dy) {
  if (dy) line_area_->scroll(0, dy);
  else line_area_->update(0, rect.y(), line_area_->width(), rect.height());
}

void ScenarioEditor::resizeEvent(QResizeEvent* event) {
  QPlainTextEdit::resizeEvent(event);
  const QRect r = contentsRect();
  line_area_->setGeometry(QRect(r.left(), r.top(), line_area_width(), r.height()));
}

bool ScenarioEditor::eventFilter(QObject* watched, QEvent* event) {
  if (watched == line_area_ && event->type() == QEvent::Paint) {
    paint_line_numbers(static_cast<QPaintEvent*>(event));
    return true;
  }
  return QPlainTextEdit::eventFilter(watched, event);
}

void ScenarioEditor::paint_line_numbers(QPaintEvent* event) {
  QPainter painter(line_area_);
  painter.fillRect(event->rect(), QColor(245, 245, 245));
  QTextBlock block = firstVisibleBlock();
  int top = qRound(blockBoundingGeometry(block).translated(contentOffset()).top());
  while (block.isValid() && top <= event->rect().bottom()) {
    const int height = qRound(blockBoundingRect(block).height());
    const int line = block.blockNumber() + 1;
    if (block.isVisible() && top + height >= event->rect().top()) {
      const bool bad = problem_lines_.contains(line);
      if (bad) painter.fillRect(0, top, line_area_->width(), height, QColor(255, 200, 200));
      painter.setPen(bad ? QColor(180, 0, 0) : QColor(150, 150, 150));
      painter.drawText(0, top, line_area_->width() - 6, height, Qt::AlignRight | Qt::AlignVCenter, QString::number(line));
    }
    block = block.next();
    top += height;
  }
}

}  // namespace msim::gui
