// Charts at the scale of real systems (DeathStarBench socialNetwork: 22 services, a 500 ms SLO far
// above ~15 ms latencies): full names in the legends, a colour per service, a y-axis on the data,
// time in m:ss, the warm-up shaded; and the window agreeing with the results folder it shows.
#include <QDir>
#include <QFileInfo>
#include <QListWidget>
#include <QSet>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <msim/Scenario.hpp>

#include "GuiTestSupport.hpp"
#include "app/MainWindow.hpp"
#include "app/RunToolBar.hpp"
#include "charts/ChartsPanel.hpp"
#include "charts/Palette.hpp"
#include "charts/TimeChart.hpp"
#include "compare/CompareView.hpp"
#include "editor/ScenarioEditor.hpp"
#include "graph/ServiceGraphView.hpp"
#include "graph/ServiceNodeItem.hpp"
#include "results/SummaryTable.hpp"

using namespace msim::gui;

class ChartsScaleTest : public QObject {
  Q_OBJECT

private:
  QTemporaryDir dir_;
  QString scenario_;
  QStringList services_;  // in scenario order

private slots:
  void initTestCase() {
    test::isolate_settings();
    QVERIFY(dir_.isValid());
    scenario_ = test::source_path("scenarios/apps/social-network/scenario.yaml");
    QCOMPARE(test::run_msim({"run", scenario_, "--out", dir_.filePath("sn"), "-q"}), 0);
    for (const auto& s : msim::api::service_graph(scenario_.toStdString()).services) services_ << QString::fromStdString(s.name);
    QCOMPARE(services_.size(), 22);
  }

  void time_reads_minutes_or_hours() {
    QCOMPARE(TimeChart::format_time(0, false), QString("0:00"));
    QCOMPARE(TimeChart::format_time(75, false), QString("1:15"));
    QCOMPARE(TimeChart::format_time(2400, false), QString("40:00"));
    QCOMPARE(TimeChart::format_time(3725, true), QString("1:02:05"));
    TimeChart chart("t", "y");
    chart.set_time_range(120);
    QCOMPARE(chart.time_labels().first(), QString("0:00"));
    QCOMPARE(chart.time_labels().last(), QString("2:00"));
    QVERIFY(chart.time_title().contains("m:ss"));
    chart.set_time_range(7200);
    QVERIFY(chart.time_labels().contains("1:00:00"));
    QVERIFY(chart.time_labels().size() <= 9);
    QVERIFY(chart.time_title().contains("h:mm:ss"));
    // Few seconds: whole seconds, never repeated labels ("0 0 1 1 1").
    chart.set_time_range(1);
    QCOMPARE(chart.time_labels(), (QStringList{"0:00", "0:01"}));
  }

  void palette_is_distinct_and_red_free() {
    QSet<QRgb> colours;
    for (int i = 0; i < PALETTE_SIZE; ++i) {
      colours << series_color(i).rgb();
      QVERIFY2(!is_reddish(series_color(i)), qPrintable(series_color(i).name()));
    }
    QCOMPARE(colours.size(), PALETTE_SIZE);
    QVERIFY(PALETTE_SIZE >= 20);
    QVERIFY(is_reddish(QColor(214, 39, 40)));
  }

  void social_network_charts_are_readable() {
    MainWindow window;
    window.resize(1600, 1000);
    window.show();
    QVERIFY(window.open_results(dir_.filePath("sn")));
    window.refresh_views();
    QCOMPARE(window.run_data().services(), services_);
    for (auto* chart : {window.charts()->utilization_chart(), window.charts()->replicas_chart()}) {
      // One line per service, in scenario order, each a legend entry with the full name.
      QStringList lines = chart->series_names();  // the replicas chart's "X desired" lines share X's entry
      lines.removeIf([](const QString& name) { return name.endsWith(" desired"); });
      QCOMPARE(lines, services_);
      QCOMPARE(chart->legend_texts().mid(0, services_.size()), services_);
      QVERIFY(chart->legend()->isVisible());
      // No two services share a colour, and none is red.
      QSet<QRgb> colours;
      for (const auto& s : services_) {
        colours << chart->series_color(s).rgb();
        QVERIFY(!is_reddish(chart->series_color(s)));
      }
      QCOMPARE(colours.size(), services_.size());
      QCOMPARE(chart->series_color(services_[3]), window.charts()->utilization_chart()->series_color(services_[3]));
    }
    // Unticking a legend entry hides the service's line (and, on the replicas chart, its desired line);
    // hovering one highlights it.
    auto* replicas = window.charts()->replicas_chart();
    const QString first = services_[0];
    QVERIFY(replicas->series_visible(first));
    replicas->legend()->item(0)->setCheckState(Qt::Unchecked);
    QVERIFY(!replicas->series_visible(first));
    if (replicas->data().contains(first + " desired")) QVERIFY(!replicas->series_visible(first + " desired"));
    window.refresh_views();
    QVERIFY(!replicas->series_visible(first));
    replicas->legend()->item(0)->setCheckState(Qt::Checked);
    QVERIFY(replicas->series_visible(first));
    // The y-axis follows the lines shown: hiding the busiest service's utilization rescales it down.
    auto* utilization = window.charts()->utilization_chart();
    QString busiest;
    double busiest_top = 0, second_top = 0;
    for (const auto& s : services_)
      for (const auto& p : utilization->data().value(s))
        if (p.y() > busiest_top) busiest_top = p.y(), busiest = s;
    for (const auto& s : services_)
      if (s != busiest)
        for (const auto& p : utilization->data().value(s)) second_top = std::max(second_top, p.y());
    const double before = utilization->y_max();
    utilization->legend()->item(static_cast<int>(services_.indexOf(busiest)))->setCheckState(Qt::Unchecked);
    QVERIFY(utilization->y_max() >= second_top);
    if (second_top * 1.1 < 0.5 * before) QVERIFY(utilization->y_max() < before);
    utilization->legend()->item(static_cast<int>(services_.indexOf(busiest)))->setCheckState(Qt::Checked);
    QVERIFY(utilization->y_max() >= busiest_top);
    emit replicas->legend()->itemEntered(replicas->legend()->item(2));
    QCOMPARE(replicas->highlighted(), services_[2]);

    // The legend is wide enough for the longest name (list items elide what does not fit).
    auto* legend = window.charts()->utilization_chart()->legend();
    int widest = 0;
    for (const auto& s : services_) widest = std::max(widest, legend->fontMetrics().horizontalAdvance(s));
    QVERIFY2(legend->viewport()->width() >= widest + 40, qPrintable(QString("%1 < %2").arg(legend->viewport()->width()).arg(widest + 40)));

    // The 500 ms SLO is far above the latencies: the axis stays on the data, the SLO is an arrow label.
    auto* latency = window.charts()->latency_chart();
    QCOMPARE(window.run_data().slo_ms().value_or(0), 500.0);
    double top = 0;
    for (const auto& points : latency->data())
      for (const auto& p : points) top = std::max(top, p.y());
    QVERIFY(top > 0 && top < 100);
    QVERIFY(latency->objective_off_scale());
    QVERIFY(latency->y_max() < 500);
    QVERIFY(latency->y_max() >= top);
    QVERIFY(latency->y_max() <= 3 * top);
    QVERIFY(latency->objective_label().contains("SLO 500 ms"));
    QVERIFY(latency->objective_label().contains(QChar(0x2191)));
    QVERIFY(latency->legend_texts().contains(latency->objective_label()));

    // m:ss time axis; the 20 s warm-up shaded on every chart.
    for (auto* chart : window.charts()->charts()) {
      QCOMPARE(chart->time_labels().first(), QString("0:00"));
      QCOMPARE(chart->time_labels().last(), QString("2:00"));
      QCOMPARE(chart->warmup_s(), 20.0);
      QVERIFY(chart->legend_texts().contains("warm-up"));
    }
    // Utilization in percent.
    const auto u = window.charts()->utilization_chart()->data().value(services_[0]);
    QVERIFY(!u.isEmpty());
    QCOMPARE(u.last().y(), 100 * window.run_data().series("utilization", services_[0]).last().y());

    // One truth: the editor, title and status bar name the results' scenario.
    QCOMPARE(QFileInfo(window.editor()->path()), QFileInfo(scenario_));
    QVERIFY(window.windowTitle().contains("scenario.yaml"));
    QVERIFY(window.windowTitle().contains("sn"));
    QVERIFY2(window.statusBar()->currentMessage().contains(QDir::toNativeSeparators(scenario_)), qPrintable(window.statusBar()->currentMessage()));
    QCOMPARE(window.graph()->services(), services_);
    // The summary lists services in scenario order, utilization as "51.2 %".
    QStringList rows;
    const auto* table = window.summary()->table();
    for (int r = 0; r < table->rowCount(); ++r) {
      const QString key = table->verticalHeaderItem(r)->data(Qt::UserRole).toString();
      if (key.startsWith("services/")) rows << key.mid(9);
    }
    QCOMPARE(rows, services_);
    QStringList types;
    for (int r = 0; r < table->rowCount(); ++r) {
      const QString key = table->verticalHeaderItem(r)->data(Qt::UserRole).toString();
      if (key.startsWith("requests/")) types << key.mid(9);
    }
    QCOMPARE(types, (QStringList{"read-home-timeline", "read-user-timeline", "compose-post", "all"}));  // as msim run prints them
    const int column = static_cast<int>(SummaryTable::columns().indexOf("utilization"));
    const int row = window.summary()->row_of("services/" + services_[0]);
    const double fraction = table->item(row, column)->data(Qt::UserRole).toDouble();
    const QString percent = QString("%1 %").arg(100 * fraction, 0, 'f', 1);
    QCOMPARE(table->item(row, column)->text(), percent);
    // The graph says the same, on the box and in its tooltip.
    QVERIFY2(window.graph()->node(services_[0])->detail().contains(percent + " CPU"), qPrintable(window.graph()->node(services_[0])->detail()));
    QVERIFY(window.graph()->node(services_[0])->toolTip().contains("utilization: " + percent));
  }

  void opening_results_replaces_the_scenario_in_the_editor() {
    MainWindow window;
    QVERIFY(window.open_scenario(test::source_path("scenarios/quickstart.yaml")));
    QVERIFY(window.windowTitle().startsWith("quickstart.yaml"));
    QVERIFY(window.open_results(dir_.filePath("sn")));
    QCOMPARE(QFileInfo(window.editor()->path()), QFileInfo(scenario_));
    QVERIFY(window.windowTitle().startsWith("scenario.yaml"));
    QVERIFY(!window.statusBar()->currentMessage().contains("quickstart"));
    QCOMPARE(window.run_bar()->progress_text(), QString("not running (results of 2:00 simulated shown)"));
  }

  void results_whose_scenario_is_gone_leave_no_other_scenario_open() {
    QDir().mkpath(dir_.filePath("moved"));
    for (const auto& name : {"timeseries.csv", "events.csv"}) QVERIFY(QFile::copy(dir_.filePath(QString("sn/") + name), dir_.filePath(QString("moved/") + name)));
    QByteArray summary = test::read_bytes(dir_.filePath("sn/summary.json"));
    summary.replace(scenario_.toUtf8(), dir_.filePath("gone.yaml").toUtf8());
    QFile out(dir_.filePath("moved/summary.json"));
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(summary);
    out.close();
    MainWindow window;
    QVERIFY(window.open_scenario(test::source_path("scenarios/quickstart.yaml")));
    QVERIFY(window.open_results(dir_.filePath("moved")));
    QVERIFY(window.editor()->path().isEmpty());
    QVERIFY(window.editor()->toPlainText().isEmpty());
    QVERIFY2(window.windowTitle().startsWith("no scenario - results"), qPrintable(window.windowTitle()));
    QVERIFY(window.statusBar()->currentMessage().contains("gone.yaml"));
    QVERIFY(window.statusBar()->currentMessage().contains("not found"));
    QCOMPARE(window.graph()->services(), services_);  // the services alone, from the results
  }

  void compare_without_autoscaler_names_the_services_field() {
    CompareView view;
    view.set_scenario(test::source_path("scenarios/quickstart.yaml"));
    view.set_results_root(dir_.filePath("compare"));
    view.set_strategies("static:2");
    view.set_replications(2);
    QSignalSpy finished(&view, &CompareView::finished);
    QVERIFY(view.start());
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.last().first().toBool(), false);
    const QString message = finished.last().at(1).toString();
    QVERIFY2(message.contains("Services field"), qPrintable(message));
    QVERIFY2(!message.contains("--service"), qPrintable(message));
    // With the field filled, the same comparison runs.
    view.set_services("backend");
    QVERIFY(view.start());
    QVERIFY(finished.wait(120000));
    QVERIFY2(finished.last().first().toBool(), qPrintable(finished.last().at(1).toString()));
    QCOMPARE(view.table()->rowCount(), 1);
  }
};

QTEST_MAIN(ChartsScaleTest)
#include "ChartsScaleTest.moc"
