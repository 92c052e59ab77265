// Pause, step, resume, speed and stop, on the worker thread, without freezing the caller.
#include <QAction>
#include <QDir>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "GuiTestSupport.hpp"
#include "app/MainWindow.hpp"
#include "app/RunToolBar.hpp"
#include "model/RunData.hpp"
#include "runner/SimulationRunner.hpp"

using namespace msim::gui;

class RunControlTest : public QObject {
  Q_OBJECT

private:
  QTemporaryDir dir_;

  // Processes events until `done` or the timeout; returns `done()`.
  template <typename F>
  static bool wait_until(F done, int msecs = 60000) {
    QElapsedTimer timer;
    timer.start();
    while (!done() && timer.elapsed() < msecs) QTest::qWait(10);
    return done();
  }

private slots:
  void initTestCase() {
    test::isolate_settings();
    QVERIFY(dir_.isValid());
  }

  void pause_step_resume_stop() {
    SimulationRunner runner;
    RunData data;
    connect(&runner, &SimulationRunner::snapshot_ready, this, [&](const SnapshotPtr& s) { data.append(*s); });
    // Receivers in this thread (queued): QSignalSpy's direct connection could count a signal
    // emitted by the worker before wait() starts, and then wait for another.
    QList<double> started;
    struct Finished {
      SummaryPtr summary;
      QString out_dir;
      bool stopped;
    };
    QList<Finished> finished;
    connect(&runner, &SimulationRunner::started, this, [&](double duration) { started << duration; });
    connect(&runner, &SimulationRunner::finished, this,
            [&](const SummaryPtr& summary, const QString& out_dir, bool stopped) { finished << Finished{summary, out_dir, stopped}; });
    RunSettings settings;
    settings.scenario_path = test::source_path("scenarios/scaling/flash-crowd.yaml");  // 40 min, metrics every 15 s
    settings.out_dir = dir_.filePath("stopped");
    settings.start_paused = true;
    QVERIFY(runner.start(settings));
    QVERIFY(wait_until([&] { return !started.isEmpty(); }, 20000));
    QCOMPARE(started.first(), 2400.0);
    QVERIFY(runner.is_paused());

    // Paused: nothing happens.
    QTest::qWait(300);
    QCOMPARE(data.row_count(), 0);

    // Each step simulates exactly one more metrics interval.
    runner.step();
    QVERIFY(wait_until([&] { return data.row_count() > 0; }));
    QTest::qWait(200);
    // (a copy each time: RunData's hash may move its vectors as series are added)
    auto throughput = [&] { return data.series("throughput_rps", {}, {}, "all"); };
    QCOMPARE(throughput().size(), 1);
    QCOMPARE(throughput().last().x(), 15.0);
    runner.step();
    QVERIFY(wait_until([&] { return throughput().size() == 2; }));
    QTest::qWait(200);
    QCOMPARE(throughput().size(), 2);
    QCOMPARE(throughput().last().x(), 30.0);
    QVERIFY(runner.is_paused());

    // Resume at 60x real time: time advances, but not faster than ~60 simulated seconds per second.
    runner.set_speed(60);
    QElapsedTimer wall;
    wall.start();
    runner.resume();
    QVERIFY(wait_until([&] { return throughput().size() >= 4; }, 20000));
    const double simulated = throughput().last().x() - 30.0;
    QVERIFY2(simulated <= 60.0 * (static_cast<double>(wall.elapsed()) / 1000.0) + 15.0, qPrintable(QString::number(simulated)));

    // Pause again: time stops.
    runner.pause();
    QTest::qWait(300);
    const qsizetype frozen = data.row_count();
    QTest::qWait(300);
    QCOMPARE(data.row_count(), frozen);
    QVERIFY2(finished.isEmpty(), qPrintable(QString("the run ended on its own at %1 s").arg(data.time_s())));

    // Stop: finished(stopped), and no result files are left behind.
    runner.stop();
    QVERIFY(wait_until([&] { return !finished.isEmpty(); }, 20000));
    QCOMPARE(finished.first().stopped, true);
    QVERIFY(finished.first().out_dir.isEmpty());
    QVERIFY(runner.wait(5000));
    QVERIFY(!runner.is_running());
    QVERIFY(!QFile::exists(dir_.filePath("stopped/summary.json")));
    QVERIFY(!QFile::exists(dir_.filePath("stopped/timeseries.csv")));
    QVERIFY(finished.first().summary->sim_time_s < 2400.0);
  }

  void stop_from_the_window_keeps_it_responsive() {
    MainWindow window;
    window.show();
    QVERIFY(window.open_scenario(test::source_path("scenarios/scaling/flash-crowd.yaml")));
    QSignalSpy finished(&window, &MainWindow::run_finished);
    window.run_bar()->set_speed(600);  // 40 simulated minutes take 4 s: time to stop it
    QVERIFY(window.run());
    // The event loop keeps turning while the simulation runs: snapshots arrive and are drawn mid-run.
    QVERIFY(wait_until([&] { return window.run_data().row_count() > 0; }, 20000));
    QVERIFY(window.runner()->is_running());
    window.refresh_views();
    QVERIFY(window.run_data().time_s() < 2400.0);
    window.runner()->stop();
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.first().first().toBool(), true);
    QVERIFY(window.last_run_folder().isEmpty());
    QVERIFY(window.run_data().time_s() < 2400.0);
    // A new run can start after a stop.
    QVERIFY(window.run());
    window.runner()->stop();
    QVERIFY(finished.wait(20000));
  }

  void step_before_run_starts_paused_after_one_interval() {
    MainWindow window;
    window.show();
    QVERIFY(window.open_scenario(test::source_path("scenarios/quickstart.yaml")));  // metrics every 5 s
    QSignalSpy finished(&window, &MainWindow::run_finished);
    QVERIFY(window.run_bar()->step_action()->isEnabled());
    window.run_bar()->step_action()->trigger();
    QVERIFY(wait_until([&] { return window.run_data().row_count() > 0; }, 20000));
    QTest::qWait(200);
    const auto& p99 = window.run_data().series("latency_ms.p99", {}, {}, "all");
    QCOMPARE(p99.size(), 1);
    QCOMPARE(p99.first().x(), 5.0);
    QVERIFY(window.runner()->is_paused());
    QCOMPARE(window.run_bar()->state(), RunToolBar::State::PAUSED);
    // Resume runs it to the end.
    window.run_bar()->pause_action()->trigger();
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.first().first().toBool(), false);
    QCOMPARE(window.run_data().series("latency_ms.p99", {}, {}, "all").last().x(), 120.0);
  }

  void a_scenario_that_fails_to_load_reports_problems() {
    SimulationRunner runner;
    QList<QStringList> failed;
    connect(&runner, &SimulationRunner::failed, this, [&](const QStringList& problems) { failed << problems; });
    RunSettings settings;
    settings.scenario_path = dir_.filePath("missing.yaml");
    QVERIFY(runner.start(settings));
    QVERIFY(wait_until([&] { return !failed.isEmpty(); }, 10000));
    QVERIFY(!failed.first().isEmpty());
    QVERIFY(runner.wait(5000));
    QVERIFY(!runner.is_running());
  }
};

QTEST_MAIN(RunControlTest)
#include "RunControlTest.moc"
