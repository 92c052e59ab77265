// Comparing strategies from the GUI gives msim compare's table for the same seed, with one
// overlaid time series per strategy.
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include "GuiTestSupport.hpp"
#include "charts/TimeChart.hpp"
#include "compare/CompareView.hpp"

using namespace msim::gui;

class CompareViewTest : public QObject {
  Q_OBJECT

private:
  QTemporaryDir dir_;

private slots:
  void initTestCase() {
    test::isolate_settings();
    QVERIFY(dir_.isValid());
  }

  void strategies_side_by_side_equal_msim_compare() {
    const QString scenario = test::source_path("scenarios/scaling/flash-crowd.yaml");
    QCOMPARE(test::run_msim({"compare", scenario, "--strategies", "static:2,hpa", "-r", "2", "--seed", "5", "--out", dir_.filePath("cli")}), 0);
    const QJsonObject document = test::read_json(dir_.filePath("cli/compare.json"));
    const QJsonObject cli = document.value("strategies").toObject();
    QVERIFY(cli.contains("hpa"));
    QVERIFY(document.value("recommendation").toObject().contains("rule"));

    CompareView view;
    view.resize(1200, 800);
    view.show();
    // Before any run the empty charts' time axis reads 0:00 to 0:01 (it used to say "0 0 1 1 1").
    QCOMPARE(view.latency_chart()->time_labels(), (QStringList{"0:00", "0:01"}));
    view.set_scenario(scenario);
    view.set_seed(5);
    view.set_results_root(dir_.filePath("gui"));
    view.set_strategies("static:2, hpa");
    view.set_replications(2);
    QSignalSpy finished(&view, &CompareView::finished);
    QVERIFY(view.start());
    QVERIFY(finished.wait(120000));
    QVERIFY2(finished.first().first().toBool(), qPrintable(finished.first().at(1).toString()));

    QTableWidget* table = view.table();
    QCOMPARE(table->rowCount(), 2);
    QCOMPARE(table->verticalHeaderItem(0)->text(), QString("static:2"));
    QCOMPARE(table->verticalHeaderItem(1)->text(), QString("hpa"));
    // Column 0 is p99 (ms), column 4 cost, column 5 scaling actions: the means of compare.json.
    const struct {
      int column;
      const char* key;
    } checks[] = {{0, "p99_ms"}, {2, "slo_attainment"}, {4, "cost_dollars"}, {5, "scaling_actions"}};
    for (int r = 0; r < 2; ++r)
      for (const auto& c : checks)
        QCOMPARE(table->item(r, c.column)->data(Qt::UserRole).toDouble(),
                 cli.value(table->verticalHeaderItem(r)->text()).toObject().value(c.key).toObject().value("mean").toDouble());
    QVERIFY(table->item(1, 5)->data(Qt::UserRole).toDouble() > 0);  // hpa scaled
    // One overlaid p99 and replicas series per strategy, from replication 0.
    QCOMPARE(view.latency_chart()->series_names().size(), 2);
    QVERIFY(view.replicas_chart()->data().value("hpa").size() > 100);
    const auto static_replicas = view.replicas_chart()->data().value("static:2");
    QVERIFY(!static_replicas.isEmpty());
    QCOMPARE(static_replicas.last().y(), 4.0);  // gateway 2 + api 2
    // The flash crowd's 2 min warm-up is shaded, as in the Charts tab; the time axis reads m:ss.
    QCOMPARE(view.latency_chart()->warmup_s(), 120.0);
    QCOMPARE(view.replicas_chart()->warmup_s(), 120.0);
    QCOMPARE(view.latency_chart()->time_labels().first(), QString("0:00"));
    QCOMPARE(view.latency_chart()->time_labels().last(), QString("40:00"));

    // An overlaid run's failures are shaded on both charts (retry-storm slows the api from 60 s to 70 s).
    QCOMPARE(test::run_msim({"run", test::source_path("scenarios/resilience/retry-storm.yaml"), "--duration", "75s", "--out",
                             dir_.filePath("storm"), "-q"}),
             0);
    view.clear_runs();
    QString error;
    QVERIFY2(view.add_run("storm", dir_.filePath("storm"), &error), qPrintable(error));
    for (auto* chart : {view.latency_chart(), view.replicas_chart()}) {
      QCOMPARE(chart->bands().size(), 1);
      QCOMPARE(chart->bands()[0].from_s, 60.0);
      QVERIFY(chart->legend_texts().contains("failure"));
    }

    // A bad strategy is reported, not a crash.
    view.set_strategies("warp-speed");
    QVERIFY(view.start());
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.last().first().toBool(), false);
    QVERIFY(finished.last().at(1).toString().contains("warp-speed"));
  }
};

QTEST_MAIN(CompareViewTest)
#include "CompareViewTest.moc"
