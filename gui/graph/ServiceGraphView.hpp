#pragma once
/** @file
 *  @brief The service dependency graph: boxes per service laid out in layers by call depth,
 *         arrows per call; coloured by utilization or p99 latency during and after a run.
 */
#include <QMap>
#include <QWidget>
#include <msim/Scenario.hpp>

class QComboBox;
class QGraphicsScene;
class QGraphicsView;
class QLabel;

namespace msim::gui {

class RunData;
class ServiceNodeItem;

class ServiceGraphView : public QWidget {
  Q_OBJECT
public:
  explicit ServiceGraphView(QWidget* parent = nullptr);

  void set_graph(const msim::api::ServiceGraph& graph);
  /** Colours and tooltips from the run: its summary once finished, else the latest interval. */
  void update_metrics(const RunData& data);
  /** Outlines the service whose charts are shown ("" for none). */
  void set_selected(const QString& service);

  /** In scenario order. */
  QStringList services() const { return order_; }
  int call_count() const { return calls_; }
  ServiceNodeItem* node(const QString& service) const { return nodes_.value(service); }
  /** "utilization" or "p99". */
  QString colour_metric() const;
  void set_colour_metric(const QString& metric);

signals:
  /** A service was clicked ("" for the background). */
  void service_clicked(const QString& service);

protected:
  void resizeEvent(QResizeEvent* event) override;

private:
  void fit();
  void recolour();

  QComboBox* colour_box_;
  QLabel* legend_;
  QGraphicsScene* scene_;
  QGraphicsView* view_;
  QMap<QString, ServiceNodeItem*> nodes_;
  QStringList order_;
  int calls_ = 0;
  std::optional<double> slo_ms_;
  struct Numbers {
    double utilization = -1;  // < 0: unknown
    double p99_ms = -1;
    double throughput_rps = 0;
    double failed_rps = 0;
    double replicas = 0;
    double queue = 0;
  };
  QMap<QString, Numbers> numbers_;
  QString numbers_source_;
};

}  // namespace msim::gui
