#include "graph/ServiceNodeItem.hpp"

#include <QCursor>
#include <QGraphicsSceneMouseEvent>
#include <QPainter>

namespace msim::gui {

ServiceNodeItem::ServiceNodeItem(const QString& name, int replicas, QGraphicsItem* parent)
    : QGraphicsObject(parent), name_(name), detail_(tr("%n replica(s)", nullptr, replicas)) {
  setCursor(QCursor(Qt::PointingHandCursor));
  setAcceptHoverEvents(true);
}

QRectF ServiceNodeItem::boundingRect() const { return QRectF(-WIDTH / 2 - 3, -HEIGHT / 2 - 3, WIDTH + 6, HEIGHT + 6); }

void ServiceNodeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
  painter->setRenderHint(QPainter::Antialiasing);
  const QRectF box(-WIDTH / 2, -HEIGHT / 2, WIDTH, HEIGHT);
  painter->setBrush(fill_);
  painter->setPen(QPen(selected_ ? QColor(20, 90, 200) : QColor(60, 60, 60), selected_ ? 3 : 1.2));
  painter->drawRoundedRect(box, 8, 8);
  const bool dark = fill_.lightness() < 110;
  painter->setPen(dark ? Qt::white : Qt::black);
  QFont font = painter->font();
  font.setBold(true);
  painter->setFont(font);
  painter->drawText(box.adjusted(4, 4, -4, -HEIGHT * 0.6), Qt::AlignCenter, name_);
  font.setBold(false);
  painter->setFont(font);
  painter->drawText(box.adjusted(4, HEIGHT * 0.4, -4, -4), Qt::AlignCenter, detail_);
}

void ServiceNodeItem::set_detail(const QString& detail) {
  detail_ = detail;
  update();
}

void ServiceNodeItem::set_fill(const QColor& fill) {
  fill_ = fill;
  update();
}

void ServiceNodeItem::set_selected_service(bool selected) {
  selected_ = selected;
  update();
}

void ServiceNodeItem::mousePressEvent(QGraphicsSceneMouseEvent* event) {
  emit clicked(name_);
  event->accept();
}

}  // namespace msim::gui
