// msim-gui: open a scenario, watch it run, compare strategies. See docs/gui.md.
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <cstdio>
#include <QFileInfo>
#include <QTimer>
#include <msim/Common.hpp>

#include "app/MainWindow.hpp"
#include "app/RunToolBar.hpp"
#include "charts/ChartsPanel.hpp"
#include "compare/CompareView.hpp"
#include "graph/ServiceGraphView.hpp"

namespace {

// --screenshot: saves the window to a PNG and quits (used by scripts/gui-screenshots.sh).
void schedule_screenshot(msim::gui::MainWindow& window, const QString& path, double after_s) {
  QTimer::singleShot(static_cast<int>(after_s * 1000), &window, [&window, path] {
    window.refresh_views();
    const bool ok = window.grab().save(path, "PNG");
    if (!ok) qCritical("msim-gui: cannot write %s", qPrintable(path));
    QCoreApplication::exit(ok ? 0 : 1);
  });
}

}  // namespace

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName("msim-gui");
  QApplication::setOrganizationName("msim");
  QApplication::setApplicationVersion(QString::fromLatin1(msim::api::version()));

  QCommandLineParser parser;
  parser.setApplicationDescription("msim-gui: the desktop front end of msim, a discrete-event simulator of microservice clusters.");
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addPositionalArgument("PATH", "A scenario (.yaml) to open, or a results folder to browse.");
  const QCommandLineOption seed({"s", "seed"}, "Random seed (replaces the scenario's).", "N");
  const QCommandLineOption speed("speed", "Simulated seconds per wall second (0: as fast as possible).", "X");
  const QCommandLineOption run("run", "Start the run at once.");
  const QCommandLineOption tab("tab", "Tab to show: graph, charts, summary or compare.", "TAB");
  const QCommandLineOption service("service", "Show the charts of this service.", "NAME");
  const QCommandLineOption colour("colour-by", "Colour the graph by utilization or p99.", "METRIC");
  const QCommandLineOption compare("compare", "Compare these strategies at once (comma-separated, as msim compare).", "LIST");
  const QCommandLineOption screenshot("screenshot", "Save the window as PNG after --after-seconds, then quit.", "PNG");
  const QCommandLineOption after("after-seconds", "Delay before --screenshot (after the comparison, with --compare).", "S", "3");
  const QCommandLineOption size("size", "Window size, e.g. 1600x1000.", "WxH");
  const QCommandLineOption set("set", "Override a scenario value, as msim run --set (repeatable).", "KEY=VALUE");
  const QCommandLineOption exit_when_finished("exit-when-finished", "With --run: print the wall time of the run and quit when it ends.");
  parser.addOptions({seed, speed, run, tab, service, colour, compare, screenshot, after, size, set, exit_when_finished});
  parser.process(app);

  msim::gui::MainWindow window;
  if (parser.isSet(size)) {
    const auto wh = parser.value(size).split('x');
    if (wh.size() == 2) window.resize(wh[0].toInt(), wh[1].toInt());
  }
  if (parser.isSet(seed)) window.run_bar()->set_seed(parser.value(seed).toULongLong());
  if (parser.isSet(speed)) window.run_bar()->set_speed(parser.value(speed).toDouble());
  window.set_overrides(parser.values(set));
  window.show();

  const auto args = parser.positionalArguments();
  bool opened = false;
  if (!args.isEmpty()) {
    opened = QFileInfo(args.first()).isDir() ? window.open_results(args.first()) : window.open_scenario(args.first());
    if (!opened) qWarning("msim-gui: cannot open %s", qPrintable(args.first()));
  }
  if (parser.isSet(colour)) window.graph()->set_colour_metric(parser.value(colour));
  if (parser.isSet(service)) window.charts()->set_scope(parser.value(service));
  const QString tab_name = parser.value(tab);
  if (tab_name == "graph") window.show_tab(msim::gui::MainWindow::Tab::GRAPH);
  if (tab_name == "charts") window.show_tab(msim::gui::MainWindow::Tab::CHARTS);
  if (tab_name == "summary") window.show_tab(msim::gui::MainWindow::Tab::SUMMARY);
  if (tab_name == "compare") window.show_tab(msim::gui::MainWindow::Tab::COMPARE);
  QElapsedTimer wall;
  if (parser.isSet(exit_when_finished))
    QObject::connect(&window, &msim::gui::MainWindow::run_finished, &window, [&window, &wall] {
      const auto& summary = window.run_data().summary();
      std::printf("msim-gui: run finished: %.3f s wall from Run to finished, %.3f s in the engine, %.0f events\n",
                  static_cast<double>(wall.nsecsElapsed()) * 1e-9, summary.wall_s, summary.events);
      QCoreApplication::exit(0);
    });
  wall.start();
  if (parser.isSet(run) && opened && !window.run() && parser.isSet(exit_when_finished)) return 2;
  if (tab_name == "graph") window.show_tab(msim::gui::MainWindow::Tab::GRAPH);

  const double delay = parser.value(after).toDouble();
  if (parser.isSet(compare) && opened) {
    window.show_tab(msim::gui::MainWindow::Tab::COMPARE);
    window.compare()->set_seed(window.run_bar()->seed());
    window.compare()->set_strategies(parser.value(compare));
    if (parser.isSet(screenshot))
      QObject::connect(window.compare(), &msim::gui::CompareView::finished, &window,
                       [&window, path = parser.value(screenshot), delay] { schedule_screenshot(window, path, delay); });
    window.compare()->start();
  } else if (parser.isSet(screenshot)) {
    schedule_screenshot(window, parser.value(screenshot), delay);
  }
  return QApplication::exec();
}
