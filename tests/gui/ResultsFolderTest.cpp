// Opening results folders written by the command line: one run, replications, a sweep
// folder of runs, and a run saved from the GUI.
#include <algorithm>

#include <QDir>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include "GuiTestSupport.hpp"
#include "app/MainWindow.hpp"
#include "app/RunToolBar.hpp"
#include "charts/ChartsPanel.hpp"
#include "charts/TimeChart.hpp"
#include "editor/ScenarioEditor.hpp"
#include "graph/ServiceGraphView.hpp"
#include "graph/ServiceNodeItem.hpp"
#include "model/CsvReader.hpp"
#include "results/ResultsBrowser.hpp"
#include "results/SummaryTable.hpp"

using namespace msim::gui;

class ResultsFolderTest : public QObject {
  Q_OBJECT

private:
  QTemporaryDir dir_;

  static qsizetype csv_rows(const QString& path) {
    QVector<QStringList> rows;
    return CsvReader::read_file(path, rows) ? rows.size() - 1 : -1;
  }

private slots:
  void initTestCase() {
    test::isolate_settings();
    QVERIFY(dir_.isValid());
    // flash-crowd has an SLO and scaling events.
    const QString scenario = test::source_path("scenarios/scaling/flash-crowd.yaml");
    QCOMPARE(test::run_msim({"run", scenario, "--duration", "15m", "--out", dir_.filePath("run"), "-q"}), 0);
    QCOMPARE(test::run_msim({"run", test::source_path("scenarios/quickstart.yaml"), "-r", "2", "--out", dir_.filePath("reps"), "-q"}), 0);
    // retry-storm slows the api down from 60 s to 70 s.
    QCOMPARE(test::run_msim({"run", test::source_path("scenarios/resilience/retry-storm.yaml"), "--duration", "75s", "--out", dir_.filePath("storm"), "-q"}),
             0);
    // A real `msim sweep`: runs.csv, points.csv and one msim run folder per point and replication.
    QFile experiment(dir_.filePath("experiment.yaml"));
    QVERIFY(experiment.open(QIODevice::WriteOnly | QIODevice::Text));
    experiment.write(QString("scenario: %1\nduration: 30s\ngrid:\n  services.backend.replicas: [2, 4]\n")
                         .arg(test::source_path("scenarios/quickstart.yaml"))
                         .toUtf8());
    experiment.close();
    QCOMPARE(test::run_msim({"sweep", dir_.filePath("experiment.yaml"), "--out", dir_.filePath("sweep"), "-q"}), 0);
    QVERIFY(QFile::exists(dir_.filePath("sweep/points.csv")));
  }

  void one_run_folder_fills_charts_summary_and_graph() {
    MainWindow window;
    window.show();
    QVERIFY(window.open_results(dir_.filePath("run")));
    const RunData& data = window.run_data();
    QCOMPARE(data.row_count(), csv_rows(dir_.filePath("run/timeseries.csv")));
    QCOMPARE(data.events().size(), csv_rows(dir_.filePath("run/events.csv")));
    QVERIFY(data.events().size() > 0);
    const QJsonObject summary = test::read_json(dir_.filePath("run/summary.json"));
    QCOMPARE(data.duration_s(), summary.value("sim_time_s").toDouble());
    QVERIFY(data.slo_ms().has_value());  // drawn as a line
    QCOMPARE(*data.slo_ms(), 200.0);
    window.refresh_views();
    QVERIFY(!window.charts()->latency_chart()->data().value("p99").isEmpty());
    const int all = window.summary()->row_of("requests/all");
    QVERIFY(all >= 0);
    QCOMPARE(window.summary()->table()->item(all, 6)->data(Qt::UserRole).toDouble(),
             summary.value("requests").toObject().value("all").toObject().value("latency_ms").toObject().value("p99").toDouble());
    // Every scaling decision that changed the count is a marker whose hover text has the reason.
    QVector<QStringList> events;
    QVERIFY(CsvReader::read_file(dir_.filePath("run/events.csv"), events));
    QStringList reasons;
    for (const auto& e : events)
      if (e[2] == "scale" && e[5] != e[6]) reasons << e[7];
    const auto& markers = window.charts()->replicas_chart()->markers();
    QCOMPARE(markers.size(), reasons.size());
    QVERIFY(!markers.isEmpty());
    for (int i = 0; i < markers.size(); ++i) QVERIFY2(markers[i].text.contains(reasons[i]), qPrintable(markers[i].text));
    // The same decisions mark every time chart (ticks along the time axis where y is not replicas).
    for (auto* chart : window.charts()->charts()) {
      QCOMPARE(chart->markers().size(), markers.size());
      QVERIFY(chart->legend_texts().contains("scaling decision"));
    }
    // The results' scenario is in the editor.
    QCOMPARE(QFileInfo(window.editor()->path()), QFileInfo(summary.value("scenario_path").toString()));
    QVERIFY(window.windowTitle().startsWith("flash-crowd.yaml"));
    // The graph comes from the scenario named in summary.json.
    QCOMPARE(window.graph()->services().size(), summary.value("services").toObject().size());
    QVERIFY(window.graph()->call_count() > 0);
    // Colours and tooltips carry the summary's numbers; the busier service is the warmer colour.
    const auto services = summary.value("services").toObject();
    const double api_utilization = services.value("api").toObject().value("utilization").toDouble();
    QVERIFY(window.graph()->node("api")->toolTip().contains(QString("utilization: %1 %").arg(100 * api_utilization, 0, 'f', 1)));
    QVERIFY(api_utilization > services.value("gateway").toObject().value("utilization").toDouble());
    QVERIFY(window.graph()->node("api")->fill().hueF() < window.graph()->node("gateway")->fill().hueF());  // red is hue 0
    const QColor by_utilization = window.graph()->node("api")->fill();
    window.graph()->set_colour_metric("p99");
    QCOMPARE(window.graph()->colour_metric(), QString("p99"));
    QVERIFY(window.graph()->node("api")->fill() != by_utilization);  // api's p99 is far above the 200 ms SLO: red
    QCOMPARE(window.graph()->node("api")->fill().hueF(), 0.0f);
    // Filtering the charts to one service.
    const QString service = data.services().last();
    emit window.graph()->service_clicked(service);
    QCOMPARE(window.charts()->scope(), service);
    window.refresh_views();
    QCOMPARE(window.charts()->utilization_chart()->data().keys(), QStringList{service});
    QCOMPARE(window.charts()->latency_chart()->data().value("p99"), data.series("latency_ms.p99", service));
  }

  void failures_are_shaded_on_every_chart() {
    MainWindow window;
    QVERIFY(window.open_results(dir_.filePath("storm")));
    window.refresh_views();
    for (auto* chart : window.charts()->charts()) {
      const auto& bands = chart->bands();
      QCOMPARE(bands.size(), 1);
      QCOMPARE(bands[0].from_s, 60.0);
      QCOMPARE(bands[0].to_s, 70.0);
      QVERIFY(bands[0].text.contains("slowdown"));
      QVERIFY(chart->legend_texts().contains("failure"));
    }
  }

  void replication_and_sweep_folders_list_their_runs() {
    const auto reps = ResultsBrowser::find_runs(dir_.filePath("reps"));
    QCOMPARE(reps.size(), 2);
    QVERIFY(reps[0].endsWith("rep-0"));
    const auto sweep = ResultsBrowser::find_runs(dir_.filePath("sweep"));
    QCOMPARE(sweep.size(), 2);
    QVERIFY(sweep[1].endsWith("runs/p0001-r000"));
    ResultsBrowser browser(dir_.filePath("sweep"), sweep);
    browser.select(1);
    QCOMPARE(browser.selected_run(), sweep[1]);
    // A single run inside is opened directly.
    MainWindow window;
    QVERIFY(window.open_results(sweep[1]));
    QCOMPARE(window.run_data().row_count(), csv_rows(sweep[1] + "/timeseries.csv"));
    const auto& overrides = window.run_data().summary().overrides;
    QVERIFY(std::find(overrides.begin(), overrides.end(), std::pair<std::string, std::string>("services.backend.replicas", "4")) != overrides.end());
    QString error;
    QVERIFY(ResultsBrowser::choose_run(nullptr, dir_.filePath("nothing-here"), &error).isEmpty());
    QVERIFY(!error.isEmpty());
  }

  void a_gui_run_saved_and_reopened() {
    MainWindow window;
    window.show();
    QVERIFY(window.open_scenario(test::source_path("scenarios/quickstart.yaml")));
    QSignalSpy finished(&window, &MainWindow::run_finished);
    QVERIFY(window.run());
    QVERIFY(finished.wait(120000));
    const qsizetype rows = window.run_data().row_count();
    // A live run knows its warm-up (quickstart: 10 s) and shades it on every chart.
    QCOMPARE(window.run_data().warmup_s(), 10.0);
    window.refresh_views();
    for (auto* chart : window.charts()->charts()) QCOMPARE(chart->warmup_s(), 10.0);
    QString error;
    QVERIFY2(window.save_results(dir_.filePath("saved"), &error), qPrintable(error));
    MainWindow other;
    QVERIFY(other.open_results(dir_.filePath("saved")));
    QCOMPARE(other.run_data().row_count(), rows);
    QCOMPARE(other.run_data().all_series(), window.run_data().all_series());
    // The folder's summary.json is the live run's summary, to the byte, and reads back to the same numbers.
    QCOMPARE(other.run_data().summary().document, window.run_data().summary().document);
    QCOMPARE(other.run_data().summary().all().completed, window.run_data().summary().all().completed);
    QCOMPARE(other.run_data().summary().all().latency_ms.p99, window.run_data().summary().all().latency_ms.p99);
  }
};

QTEST_MAIN(ResultsFolderTest)
#include "ResultsFolderTest.moc"
