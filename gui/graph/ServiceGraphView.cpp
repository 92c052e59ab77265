#include "graph/ServiceGraphView.hpp"

#include <algorithm>
#include <cmath>

#include <QComboBox>
#include <QGraphicsPathItem>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QGraphicsView>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QVBoxLayout>

#include "graph/ServiceNodeItem.hpp"
#include "model/RunData.hpp"

namespace msim::gui {
namespace {

constexpr double LAYER_GAP = 110;  // horizontal space between layers, beyond the box width
constexpr double ROW_GAP = 30;

// 0 -> green, 0.5 -> yellow, 1 and above -> red.
QColor heat(double fraction) {
  const double f = std::clamp(fraction, 0.0, 1.0);
  return QColor::fromHsvF(static_cast<float>((1 - f) * 120.0 / 360.0), 0.55f, 0.95f);
}

// A background click clears the service filter.
class GraphCanvas : public QGraphicsView {
public:
  GraphCanvas(QGraphicsScene* scene, ServiceGraphView* owner) : QGraphicsView(scene, owner), owner_(owner) {}

protected:
  void mousePressEvent(QMouseEvent* event) override {
    if (!itemAt(event->pos())) emit owner_->service_clicked(QString());
    QGraphicsView::mousePressEvent(event);
  }

private:
  ServiceGraphView* owner_;
};

}  // namespace

ServiceGraphView::ServiceGraphView(QWidget* parent)
    : QWidget(parent), colour_box_(new QComboBox(this)), legend_(new QLabel(this)), scene_(new QGraphicsScene(this)),
      view_(new GraphCanvas(scene_, this)) {
  auto* top = new QHBoxLayout;
  top->addWidget(new QLabel(tr("Colour by:"), this));
  colour_box_->addItem(tr("CPU utilization"), "utilization");
  colour_box_->addItem(tr("p99 latency"), "p99");
  top->addWidget(colour_box_);
  top->addWidget(legend_, 1);
  legend_->setWordWrap(true);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(top);
  layout->addWidget(view_, 1);
  view_->setRenderHint(QPainter::Antialiasing);
  view_->setBackgroundBrush(QColor(252, 252, 252));
  connect(colour_box_, &QComboBox::currentIndexChanged, this, [this] { recolour(); });
  recolour();
}

QString ServiceGraphView::colour_metric() const { return colour_box_->currentData().toString(); }

void ServiceGraphView::set_colour_metric(const QString& metric) { colour_box_->setCurrentIndex(std::max(0, colour_box_->findData(metric))); }

void ServiceGraphView::set_graph(const msim::api::ServiceGraph& graph) {
  scene_->clear();
  nodes_.clear();
  order_.clear();
  for (const auto& s : graph.services) order_ << QString::fromStdString(s.name);
  numbers_.clear();
  calls_ = 0;
  slo_ms_ = graph.slo_ms;
  QMap<int, QStringList> layers;
  QMap<QString, int> replicas;
  for (const auto& s : graph.services) {
    layers[s.depth] << QString::fromStdString(s.name);
    replicas[QString::fromStdString(s.name)] = s.replicas;
  }
  int tallest = 0;
  for (const auto& names : layers) tallest = std::max(tallest, static_cast<int>(names.size()));
  for (auto it = layers.begin(); it != layers.end(); ++it) {
    const auto& names = *it;
    const double x = it.key() * (ServiceNodeItem::WIDTH + LAYER_GAP);
    const double top = -(static_cast<double>(names.size()) - 1) * (ServiceNodeItem::HEIGHT + ROW_GAP) / 2;
    for (qsizetype i = 0; i < names.size(); ++i) {
      auto* node = new ServiceNodeItem(names[i], replicas[names[i]]);
      node->setPos(x, top + static_cast<double>(i) * (ServiceNodeItem::HEIGHT + ROW_GAP));
      node->setZValue(1);
      scene_->addItem(node);
      nodes_.insert(names[i], node);
      connect(node, &ServiceNodeItem::clicked, this, &ServiceGraphView::service_clicked);
    }
  }
  for (const auto& call : graph.calls) {
    auto* from = nodes_.value(QString::fromStdString(call.from));
    auto* to = nodes_.value(QString::fromStdString(call.to));
    if (!from || !to) continue;
    const QPointF a = from->pos() + QPointF(ServiceNodeItem::WIDTH / 2, 0);
    const QPointF b = to->pos() - QPointF(ServiceNodeItem::WIDTH / 2, 0);
    QPainterPath path(a);
    const double bend = std::max(30.0, (b.x() - a.x()) / 2);
    path.cubicTo(a + QPointF(bend, 0), b - QPointF(bend, 0), b);
    auto* edge = scene_->addPath(path, QPen(QColor(80, 80, 80), 1.5));
    edge->setToolTip(tr("%1 calls %2 (%n call site(s))", nullptr, call.call_sites).arg(from->name(), to->name()));
    // Arrowhead along the curve's final direction (horizontal).
    QPolygonF head;
    head << b << b + QPointF(-11, -5) << b + QPointF(-11, 5);
    scene_->addPolygon(head, QPen(QColor(80, 80, 80)), QBrush(QColor(80, 80, 80)));
    if (call.call_sites > 1) {
      auto* label = scene_->addSimpleText(QStringLiteral("x%1").arg(call.call_sites));
      label->setPos(path.pointAtPercent(0.5) + QPointF(2, -16));
    }
    ++calls_;
  }
  if (graph.services.empty()) {
    auto* text = scene_->addSimpleText(graph.problems.empty() ? tr("No services") : tr("The scenario has problems: see the list below the editor."));
    text->setBrush(QColor(150, 0, 0));
  }
  scene_->setSceneRect(scene_->itemsBoundingRect().adjusted(-20, -20, 20, 20));
  recolour();
  fit();
}

void ServiceGraphView::update_metrics(const RunData& run) {
  numbers_.clear();
  const auto& summary = run.summary();
  if (!summary.services.empty()) {
    numbers_source_ = tr("whole run (summary, after warm-up)");
    for (const auto& s : summary.services) {
      Numbers n;
      n.utilization = s.utilization;
      n.p99_ms = s.completed > 0 ? s.latency_ms.p99 : -1;
      n.throughput_rps = s.throughput_rps;
      n.failed_rps = summary.measured_s > 0 ? s.failed / summary.measured_s : 0;
      n.replicas = s.replicas_mean;
      n.queue = s.queue_length_mean;
      numbers_[QString::fromStdString(s.name)] = n;
    }
  } else if (run.row_count() > 0) {
    numbers_source_ = tr("last interval, at %1 s").arg(run.time_s(), 0, 'f', 0);
    for (const auto& name : run.services()) {
      Numbers n;
      n.utilization = run.latest("utilization", name, {}, -1);
      n.p99_ms = run.latest("latency_ms.p99", name, {}, -1);
      n.throughput_rps = run.latest("throughput_rps", name);
      n.failed_rps = run.latest("failed_rps", name);
      n.replicas = run.latest("replicas", name);
      n.queue = run.latest("queue_length", name);
      numbers_[name] = n;
    }
  }
  recolour();
}

void ServiceGraphView::recolour() {
  const bool by_p99 = colour_metric() == "p99";
  double worst_p99 = 0;
  for (const auto& n : numbers_) worst_p99 = std::max(worst_p99, n.p99_ms);
  const double p99_scale = slo_ms_.value_or(worst_p99);
  for (auto* node : nodes_) {
    const auto it = numbers_.find(node->name());
    if (it == numbers_.end()) {
      node->set_fill(QColor(235, 240, 250));
      node->setToolTip(tr("%1\nPress Run to see its numbers").arg(node->name()));
      continue;
    }
    const Numbers& n = *it;
    const double value = by_p99 ? n.p99_ms : n.utilization;
    node->set_fill(value < 0 ? QColor(235, 240, 250) : heat(by_p99 ? (p99_scale > 0 ? n.p99_ms / p99_scale : 0) : n.utilization));
    node->set_detail(tr("%1 %2 · %3 % CPU\np99 %4")
                         .arg(n.replicas, 0, 'g', 3)
                         .arg(n.replicas == 1 ? tr("replica") : tr("replicas"))
                         .arg(n.utilization < 0 ? 0 : 100 * n.utilization, 0, 'f', 1)
                         .arg(n.p99_ms < 0 ? QStringLiteral("-") : QStringLiteral("%1 ms").arg(n.p99_ms, 0, 'g', 3)));
    node->setToolTip(tr("%1 (%2)\nutilization: %3 %\np99 latency: %4 ms\nthroughput: %5 req/s\nfailed: %6 req/s\nreplicas: %7\nqueue length: %8\n"
                        "Click to show its charts")
                         .arg(node->name(), numbers_source_)
                         .arg(100 * std::max(0.0, n.utilization), 0, 'f', 1)
                         .arg(n.p99_ms < 0 ? QStringLiteral("-") : QString::number(n.p99_ms, 'g', 4))
                         .arg(n.throughput_rps, 0, 'f', 1)
                         .arg(n.failed_rps, 0, 'f', 2)
                         .arg(n.replicas, 0, 'g', 3)
                         .arg(n.queue, 0, 'g', 3));
  }
  if (numbers_.isEmpty())
    legend_->setText(tr("Boxes are services (replicas), arrows are calls, left to right by call depth. Click a service to filter the charts."));
  else
    legend_->setText(by_p99 ? tr("Green = fast, red = p99 at or above %1 (%2). Hover for numbers; click to filter the charts.")
                                  .arg(slo_ms_ ? tr("the SLO, %1 ms").arg(*slo_ms_) : tr("the slowest service"), numbers_source_)
                            : tr("Green = idle, red = 100 % of requested CPU (%1). Hover for numbers; click to filter the charts.").arg(numbers_source_));
}

void ServiceGraphView::set_selected(const QString& service) {
  for (auto* node : nodes_) node->set_selected_service(node->name() == service);
}

void ServiceGraphView::fit() {
  if (!scene_->items().isEmpty()) view_->fitInView(scene_->sceneRect(), Qt::KeepAspectRatio);
  // Small graphs grow a little, not to poster size.
  constexpr double MAX_ZOOM = 1.5;
  if (view_->transform().m11() > MAX_ZOOM) view_->setTransform(QTransform::fromScale(MAX_ZOOM, MAX_ZOOM));
}

void ServiceGraphView::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  fit();
}

}  // namespace msim::gui
