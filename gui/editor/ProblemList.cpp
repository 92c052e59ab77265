#include "editor/ProblemList.hpp"

#include <QStyle>

namespace msim::gui {

ProblemList::ProblemList(QWidget* parent) : QListWidget(parent) {
  setWordWrap(true);
  setAlternatingRowColors(true);
  connect(this, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
    const int line = item->data(Qt::UserRole).toInt();
    if (line > 0) emit go_to(line, item->data(Qt::UserRole + 1).toInt());
  });
  connect(this, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) { emit itemActivated(item); });
}

void ProblemList::set_problems(const QVector<ScenarioProblem>& problems, bool checked) {
  clear();
  for (const auto& p : problems) {
    auto* item = new QListWidgetItem(style()->standardIcon(QStyle::SP_MessageBoxCritical),
                                     p.line > 0 ? tr("Line %1, column %2: %3").arg(p.line).arg(p.column).arg(p.message) : p.message, this);
    item->setToolTip(p.text);
    item->setData(Qt::UserRole, p.line);
    item->setData(Qt::UserRole + 1, p.column);
  }
  if (problems.isEmpty() && checked)
    new QListWidgetItem(style()->standardIcon(QStyle::SP_DialogApplyButton), tr("No problems: the scenario is valid."), this);
}

}  // namespace msim::gui
