// Running quickstart.yaml in the GUI gives the data `msim run --seed S` writes: every row of
// timeseries.csv in the charts' model (before downsampling), the same events, the same summary.
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include "GuiTestSupport.hpp"
#include "app/MainWindow.hpp"
#include "app/RunToolBar.hpp"
#include "charts/ChartsPanel.hpp"
#include "charts/TimeChart.hpp"
#include "model/CsvReader.hpp"
#include "results/SummaryTable.hpp"

using namespace msim::gui;

class RunMatchesCliTest : public QObject {
  Q_OBJECT

private:
  QTemporaryDir dir_;
  static constexpr quint64 SEED = 7;

private slots:
  void initTestCase() {
    test::isolate_settings();
    QVERIFY(dir_.isValid());
    QString output;
    QCOMPARE(test::run_msim({"run", test::source_path("scenarios/quickstart.yaml"), "--seed", QString::number(SEED), "--out", dir_.filePath("cli"), "-q"},
                            &output),
             0);
  }

  void gui_run_equals_msim_run() {
    MainWindow window;
    window.show();
    QVERIFY(window.open_scenario(test::source_path("scenarios/quickstart.yaml")));
    window.run_bar()->set_seed(SEED);
    QSignalSpy finished(&window, &MainWindow::run_finished);
    QVERIFY(window.run());
    QVERIFY(window.runner()->is_running());
    QVERIFY(finished.wait(120000));
    QCOMPARE(finished.first().first().toBool(), false);  // not stopped

    // Every row of the command line's timeseries.csv is in the model, in order, with equal doubles.
    QVector<QStringList> rows;
    QVERIFY(CsvReader::read_file(dir_.filePath("cli/timeseries.csv"), rows));
    QVERIFY(rows.size() > 1000);
    const RunData& data = window.run_data();
    QCOMPARE(data.row_count(), rows.size() - 1);
    QHash<QString, int> next;  // per series: index of the next point
    for (qsizetype i = 1; i < rows.size(); ++i) {
      const auto& r = rows[i];
      const QString key = RunData::key(r[1], r[2], r[3], r[4]);
      const auto& points = data.all_series().value(key);
      const int at = next[key]++;
      QVERIFY2(at < points.size(), qPrintable(r.join(',')));
      QCOMPARE(points[at].x(), r[0].toDouble());
      QCOMPARE(points[at].y(), r[5].toDouble());
    }
    for (auto it = next.begin(); it != next.end(); ++it) QCOMPARE(data.all_series().value(it.key()).size(), it.value());

    // The GUI's own result files are byte-identical to the command line's.
    QVERIFY(!window.last_run_folder().isEmpty());
    QCOMPARE(test::read_bytes(window.last_run_folder() + "/timeseries.csv"), test::read_bytes(dir_.filePath("cli/timeseries.csv")));
    QCOMPARE(test::read_bytes(window.last_run_folder() + "/events.csv"), test::read_bytes(dir_.filePath("cli/events.csv")));
    QVector<QStringList> events;
    QVERIFY(CsvReader::read_file(dir_.filePath("cli/events.csv"), events));
    QCOMPARE(data.events().size(), events.size() - 1);

    // The charts hold the full series (the downsampled points are only what is drawn).
    window.refresh_views();
    const auto* latency = window.charts()->latency_chart();
    QCOMPARE(latency->data().value("p99"), data.series("latency_ms.p99", {}, {}, "all"));
    QVERIFY(!latency->data().value("p99").isEmpty());
    // Utilization is drawn in percent, as everywhere in the GUI.
    const auto utilization = window.charts()->utilization_chart()->data().value("db");
    QCOMPARE(utilization.size(), data.series("utilization", "db").size());
    for (qsizetype i = 0; i < utilization.size(); ++i) QCOMPARE(utilization[i].y(), 100 * data.series("utilization", "db")[i].y());

    // The summary table shows summary.json's numbers (all but the wall-clock ones are deterministic).
    const QJsonObject cli = test::read_json(dir_.filePath("cli/summary.json"));
    const auto* table = window.summary()->table();
    const QStringList paths{"completed", "failed", "throughput_rps", "latency_ms.mean", "latency_ms.p50", "latency_ms.p90", "latency_ms.p99",
                            "latency_ms.p999", "utilization", "replicas.mean"};
    QCOMPARE(paths.size(), SummaryTable::columns().size());
    int checked = 0;
    for (const QString group : {"requests", "services"}) {
      const auto objects = cli.value(group).toObject();
      for (auto it = objects.begin(); it != objects.end(); ++it) {
        const int row = window.summary()->row_of(group + '/' + it.key());
        QVERIFY2(row >= 0, qPrintable(it.key()));
        for (int c = 0; c < paths.size(); ++c) {
          QJsonValue v = it.value();
          for (const auto& part : paths[c].split('.')) v = v.toObject().value(part);
          if (!v.isDouble()) continue;
          QCOMPARE(table->item(row, c)->data(Qt::UserRole).toDouble(), v.toDouble());
          ++checked;
        }
      }
    }
    QVERIFY(checked > 50);
    QCOMPARE(test::read_json(window.last_run_folder() + "/summary.json").value("requests"), cli.value("requests"));
  }
};

QTEST_MAIN(RunMatchesCliTest)
#include "RunMatchesCliTest.moc"
