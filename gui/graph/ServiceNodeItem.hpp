#pragma once
/** @file
 *  @brief A service in the graph view: a box with its name and replicas, coloured by a metric.
 */
#include <QGraphicsObject>

namespace msim::gui {

class ServiceNodeItem : public QGraphicsObject {
  Q_OBJECT
public:
  ServiceNodeItem(const QString& name, int replicas, QGraphicsItem* parent = nullptr);

  QString name() const { return name_; }
  QRectF boundingRect() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

  /** The lines under the name, e.g. "3 replicas · 42 % CPU\np99 12 ms". */
  void set_detail(const QString& detail);
  QString detail() const { return detail_; }
  void set_fill(const QColor& fill);
  void set_selected_service(bool selected);
  QColor fill() const { return fill_; }
  static constexpr double WIDTH = 190;
  static constexpr double HEIGHT = 74;

signals:
  void clicked(const QString& name);

protected:
  void mousePressEvent(QGraphicsSceneMouseEvent* event) override;

private:
  QString name_;
  QString detail_;
  QColor fill_{235, 240, 250};
  bool selected_ = false;
};

}  // namespace msim::gui
