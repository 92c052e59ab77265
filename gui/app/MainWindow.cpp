#include "app/MainWindow.hpp"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <msim/Scenario.hpp>

#include "app/RunToolBar.hpp"
#include "charts/ChartsPanel.hpp"
#include "charts/TimeChart.hpp"
#include "compare/CompareView.hpp"
#include "editor/ProblemList.hpp"
#include "editor/ScenarioEditor.hpp"
#include "graph/ServiceGraphView.hpp"
#include "results/ResultsBrowser.hpp"
#include "results/SummaryTable.hpp"

namespace msim::gui {
namespace {

constexpr int MAX_RECENT = 8;
// Views redraw at most 10 times a second; 4 times while a run goes as fast as possible, where
// redrawing four charts (~20 ms each time) would otherwise take CPU from the simulation.
constexpr int REFRESH_MS = 100;
constexpr int FAST_RUN_REFRESH_MS = 250;

QVector<ScenarioProblem> parse_all(const QStringList& problems) {
  QVector<ScenarioProblem> parsed;
  for (const auto& p : problems) parsed << ScenarioProblem::parse(p);
  return parsed;
}

}  // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), editor_(new ScenarioEditor(this)), problems_(new ProblemList(this)), graph_(new ServiceGraphView(this)),
      charts_(new ChartsPanel(this)), summary_(new SummaryTable(this)), compare_(new CompareView(this)), tabs_(new QTabWidget(this)),
      run_bar_(new RunToolBar(this)), runner_(new SimulationRunner(this)), refresh_timer_(new QTimer(this)), validate_timer_(new QTimer(this)),
      runs_dir_(QDir::temp().filePath("msim-gui-XXXXXX")) {
  setWindowIcon(style()->standardIcon(QStyle::SP_ComputerIcon));
  setAcceptDrops(true);
  // Files dropped on the editor open as scenarios instead of being pasted as text.
  editor_->setAcceptDrops(false);
  editor_->viewport()->setAcceptDrops(false);
  addToolBar(run_bar_);

  auto* left = new QSplitter(Qt::Vertical, this);
  left->addWidget(editor_);
  auto* problems_box = new QWidget(this);
  auto* problems_layout = new QVBoxLayout(problems_box);
  problems_layout->setContentsMargins(0, 0, 0, 0);
  problems_layout->addWidget(new QLabel(tr("Problems (click one to go to its line):"), problems_box));
  problems_layout->addWidget(problems_);
  left->addWidget(problems_box);
  left->setStretchFactor(0, 4);
  left->setStretchFactor(1, 1);

  tabs_->addTab(graph_, tr("Service graph"));
  tabs_->addTab(charts_, tr("Charts"));
  tabs_->addTab(summary_, tr("Summary"));
  tabs_->addTab(compare_, tr("Compare"));
  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(left);
  split->addWidget(tabs_);
  split->setStretchFactor(0, 2);
  split->setStretchFactor(1, 5);
  split->setSizes({430, 1070});
  setCentralWidget(split);
  charts_->set_data(&run_data_);
  compare_->set_results_root(runs_dir_.path());
  build_menus();
  update_title();
  statusBar()->showMessage(tr("Open a scenario to begin (File > Open, or drag a .yaml file here)."));

  connect(run_bar_, &RunToolBar::validate_requested, this, [this] {
    const auto problems = validate();
    statusBar()->showMessage(problems.isEmpty() ? tr("No problems.") : tr("%n problem(s): see the list below the editor.", nullptr,
                                                                            static_cast<int>(problems.size())));
  });
  connect(run_bar_, &RunToolBar::run_requested, this, [this] { run(); });
  connect(run_bar_, &RunToolBar::pause_requested, runner_, &SimulationRunner::pause);
  connect(run_bar_, &RunToolBar::resume_requested, runner_, &SimulationRunner::resume);
  connect(run_bar_, &RunToolBar::step_requested, this, [this] {
    if (runner_->is_running()) runner_->step();
    else if (run(true)) runner_->step();  // Step before Run: start paused, then one interval
  });
  connect(run_bar_, &RunToolBar::stop_requested, runner_, &SimulationRunner::stop);
  connect(run_bar_, &RunToolBar::speed_changed, runner_, &SimulationRunner::set_speed);
  connect(runner_, &SimulationRunner::warmup_known, this, [this](double warmup_s) { run_data_.set_warmup_s(warmup_s); });
  connect(runner_, &SimulationRunner::started, this, &MainWindow::on_started);
  connect(runner_, &SimulationRunner::failed, this, [this](const QStringList& problems) {
    show_problems(problems);
    if (!runner_->is_running()) run_bar_->set_state(RunToolBar::State::IDLE);
    statusBar()->showMessage(tr("The run could not start: see the problems."));
  });
  connect(runner_, &SimulationRunner::snapshot_ready, this, [this](const SnapshotPtr& snapshot) {
    run_data_.append(*snapshot);
    run_bar_->set_progress(snapshot->sim_time_s, snapshot->duration_s);
  });
  connect(runner_, &SimulationRunner::paused_changed, this, [this](bool paused) {
    run_bar_->set_state(paused ? RunToolBar::State::PAUSED : RunToolBar::State::RUNNING);
    statusBar()->showMessage(paused ? tr("Paused at %1 s: Resume (F6) or Step (F10).").arg(run_data_.time_s(), 0, 'f', 1) : tr("Running..."));
  });
  connect(runner_, &SimulationRunner::finished, this, &MainWindow::on_finished);
  connect(problems_, &ProblemList::go_to, editor_, &ScenarioEditor::go_to);
  connect(editor_, &ScenarioEditor::path_changed, this, [this](const QString& path) {
    compare_->set_scenario(path);
    update_title();
  });
  connect(editor_->document(), &QTextDocument::modificationChanged, this, &MainWindow::update_title);
  // Re-validate shortly after typing stops, so problems follow the text.
  validate_timer_->setSingleShot(true);
  validate_timer_->setInterval(700);
  connect(editor_, &QPlainTextEdit::textChanged, validate_timer_, qOverload<>(&QTimer::start));
  connect(validate_timer_, &QTimer::timeout, this, [this] {
    if (!editor_->path().isEmpty()) validate();
  });
  connect(graph_, &ServiceGraphView::service_clicked, this, [this](const QString& service) {
    charts_->set_scope(service);
    if (!service.isEmpty()) statusBar()->showMessage(tr("Charts show %1 (click the background or pick End-to-end to go back).").arg(service));
  });
  connect(charts_, &ChartsPanel::scope_changed, graph_, &ServiceGraphView::set_selected);
  connect(tabs_, &QTabWidget::currentChanged, this, [this] { compare_->set_seed(run_bar_->seed()); });
  connect(compare_, &CompareView::about_to_start, this, [this] {
    compare_->set_seed(run_bar_->seed());
    compare_->set_overrides(overrides_);
    QString error;
    if (editor_->is_modified() && !editor_->save(&error)) statusBar()->showMessage(error);
  });
  refresh_timer_->setInterval(REFRESH_MS);
  connect(refresh_timer_, &QTimer::timeout, this, [this] { refresh_views(true); });
  connect(tabs_, &QTabWidget::currentChanged, this, [this] { refresh_views(true); });
  auto pace_refresh = [this] {
    const bool fast = runner_->is_running() && !runner_->is_paused() && run_bar_->speed() == 0;
    refresh_timer_->setInterval(fast ? FAST_RUN_REFRESH_MS : REFRESH_MS);
  };
  connect(runner_, &SimulationRunner::started, this, pace_refresh);
  connect(runner_, &SimulationRunner::paused_changed, this, pace_refresh);
  connect(runner_, &SimulationRunner::finished, this, pace_refresh);
  connect(run_bar_, &RunToolBar::speed_changed, this, pace_refresh);
  refresh_timer_->start();
  resize(1500, 950);
}

MainWindow::~MainWindow() {
  runner_->stop();
  runner_->wait(-1);
}

void MainWindow::build_menus() {
  auto* file = menuBar()->addMenu(tr("&File"));
  file->addAction(tr("&Open scenario..."), QKeySequence::Open, this, [this] {
    if (!maybe_save()) return;
    const QString path = QFileDialog::getOpenFileName(this, tr("Open scenario"), QFileInfo(editor_->path()).absolutePath(),
                                                      tr("Scenarios (*.yaml *.yml);;All files (*)"));
    if (!path.isEmpty()) open_scenario(path);
  });
  recent_menu_ = file->addMenu(tr("Open &recent"));
  update_recent_menu();
  file->addAction(tr("&Save scenario"), QKeySequence::Save, this, [this] {
    QString error;
    if (editor_->path().isEmpty()) return;
    if (!editor_->save(&error)) QMessageBox::warning(this, tr("Cannot save"), error);
    else load_graph();
  });
  file->addAction(tr("Save scenario &as..."), QKeySequence::SaveAs, this, [this] {
    const QString path = QFileDialog::getSaveFileName(this, tr("Save scenario as"), editor_->path(), tr("Scenarios (*.yaml *.yml)"));
    QString error;
    if (path.isEmpty()) return;
    if (!editor_->save(&error, path)) QMessageBox::warning(this, tr("Cannot save"), error);
    else add_recent(path);
  });
  file->addSeparator();
  file->addAction(tr("Open results &folder..."), this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open a results folder (msim run, msim sweep, or a saved run)"));
    if (!dir.isEmpty()) open_results(dir);
  });
  file->addAction(tr("Save run &results as..."), this, [this] {
    if (last_run_folder_.isEmpty()) {
      QMessageBox::information(this, tr("No results"), tr("Run the scenario to the end first: a stopped run writes no results."));
      return;
    }
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder to save the run's results in"));
    QString error;
    if (!dir.isEmpty() && !save_results(dir, &error)) QMessageBox::warning(this, tr("Cannot save results"), error);
  });
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

  auto* run_menu = menuBar()->addMenu(tr("&Run"));
  for (auto* a : {run_bar_->validate_action(), run_bar_->run_action(), run_bar_->pause_action(), run_bar_->step_action(), run_bar_->stop_action()})
    run_menu->addAction(a);

  auto* view = menuBar()->addMenu(tr("&View"));
  view->addAction(tr("Service &graph"), QKeySequence(Qt::CTRL | Qt::Key_1), this, [this] { show_tab(Tab::GRAPH); });
  view->addAction(tr("&Charts"), QKeySequence(Qt::CTRL | Qt::Key_2), this, [this] { show_tab(Tab::CHARTS); });
  view->addAction(tr("&Summary"), QKeySequence(Qt::CTRL | Qt::Key_3), this, [this] { show_tab(Tab::SUMMARY); });
  view->addAction(tr("C&ompare"), QKeySequence(Qt::CTRL | Qt::Key_4), this, [this] { show_tab(Tab::COMPARE); });

  auto* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&About msim-gui"), this, [this] {
    QMessageBox::about(this, tr("About msim-gui"),
                       tr("<b>msim-gui %1</b><p>A discrete-event simulator of microservice clusters.</p>"
                          "<p>Open a scenario, press Run (F5), and watch the charts. Click a service in the graph to see its own charts. "
                          "See docs/gui.md.</p>")
                           .arg(QString::fromLatin1(msim::api::version())));
  });
}

void MainWindow::show_tab(Tab tab) { tabs_->setCurrentIndex(static_cast<int>(tab)); }

bool MainWindow::open_scenario(const QString& path) {
  QString error;
  if (!editor_->load_file(path, &error)) {
    QMessageBox::warning(this, tr("Cannot open scenario"), error);
    return false;
  }
  add_recent(path);
  compare_->set_scenario(path);
  results_folder_.clear();
  update_title();
  const auto problems = validate();
  if (!editor_->problem_lines().isEmpty()) editor_->go_to(editor_->problem_lines().firstKey(), 1);
  load_graph();
  statusBar()->showMessage(problems.isEmpty() ? tr("%1 is valid: press Run (F5).").arg(QFileInfo(path).fileName())
                                              : tr("%1 has %n problem(s): fix them in the editor.", nullptr, static_cast<int>(problems.size()))
                                                    .arg(QFileInfo(path).fileName()));
  show_tab(Tab::GRAPH);
  return true;
}

void MainWindow::load_graph() {
  if (editor_->path().isEmpty()) return;
  msim::api::SessionOptions options;
  options.seed = run_bar_->seed();
  for (const auto& o : overrides_) options.overrides.push_back(o.toStdString());
  const auto graph = msim::api::service_graph(editor_->path().toStdString(), options);
  scenario_slo_ms_ = graph.slo_ms;
  graph_->set_graph(graph);
}

QStringList MainWindow::validate() {
  if (editor_->path().isEmpty()) return {};
  QStringList problems;
  msim::api::SessionOptions options;
  for (const auto& o : overrides_) options.overrides.push_back(o.toStdString());
  for (const auto& p : msim::api::validate_text(editor_->toPlainText().toStdString(), editor_->path().toStdString(), options))
    problems << QString::fromStdString(p);
  show_problems(problems);
  return problems;
}

void MainWindow::show_problems(const QStringList& problems) {
  const auto parsed = parse_all(problems);
  QVector<ScenarioProblem> here;  // problems in other files (none today) are listed but not underlined
  for (const auto& p : parsed)
    if (p.file.isEmpty() || QFileInfo(p.file) == QFileInfo(editor_->path()) || p.file == editor_->path()) here << p;
  editor_->set_problems(here);
  problems_->set_problems(parsed);
}

bool MainWindow::maybe_save() {
  if (!editor_->is_modified() || editor_->path().isEmpty()) return true;
  const auto answer = QMessageBox::question(this, tr("Unsaved changes"), tr("Save the changes to %1?").arg(editor_->path()),
                                            QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
  if (answer == QMessageBox::Cancel) return false;
  if (answer == QMessageBox::Save) {
    QString error;
    if (!editor_->save(&error)) {
      QMessageBox::warning(this, tr("Cannot save"), error);
      return false;
    }
  }
  return true;
}

bool MainWindow::run(bool paused) {
  if (runner_->is_running()) return false;
  if (editor_->path().isEmpty()) {
    statusBar()->showMessage(tr("Open a scenario first."));
    return false;
  }
  if (!validate().isEmpty()) {
    statusBar()->showMessage(tr("Fix the problems listed below the editor, then Run again."));
    return false;
  }
  if (editor_->is_modified()) {  // runs read the file, like msim run: save first
    QString error;
    if (!editor_->save(&error)) {
      QMessageBox::warning(this, tr("Cannot save"), error);
      return false;
    }
  }
  load_graph();
  RunSettings settings;
  settings.scenario_path = editor_->path();
  settings.seed = run_bar_->seed();
  settings.overrides = overrides_;
  settings.speed = run_bar_->speed();
  settings.out_dir = QDir(runs_dir_.path()).filePath(QStringLiteral("run-%1").arg(++run_number_));
  settings.start_paused = paused;
  run_data_.clear();
  last_run_folder_.clear();
  results_folder_.clear();
  update_title();
  summary_->clear();
  compare_->set_seed(settings.seed);
  if (!runner_->start(settings)) return false;
  run_bar_->set_state(paused ? RunToolBar::State::PAUSED : RunToolBar::State::RUNNING);
  run_bar_->set_progress(0, 0);
  statusBar()->showMessage(tr("Loading %1...").arg(QFileInfo(settings.scenario_path).fileName()));
  return true;
}

void MainWindow::on_started(double duration_s) {
  run_data_.set_duration_s(duration_s);
  run_data_.set_slo_ms(scenario_slo_ms_);
  if (runner_->is_paused()) run_bar_->set_state(RunToolBar::State::PAUSED);
  statusBar()->showMessage(tr("Running: the charts fill as simulated time advances."));
  if (tabs_->currentWidget() != graph_) show_tab(Tab::CHARTS);
}

void MainWindow::on_finished(const SummaryPtr& result, const QString& out_dir, bool stopped) {
  const auto& summary = *result;
  run_bar_->set_state(RunToolBar::State::IDLE);
  run_data_.set_summary(summary);
  summary_->set_summary(summary);
  last_run_folder_ = out_dir;
  run_data_.set_folder(out_dir);
  refresh_views();
  const auto& all = summary.all();
  if (stopped)
    statusBar()->showMessage(tr("Stopped at %1 s: the summary covers the time simulated; no files were written.")
                                 .arg(summary.sim_time_s, 0, 'f', 1));
  else
    statusBar()->showMessage(tr("Finished: %1 requests, p99 %2 ms. File > Save run results as... keeps the files.")
                                 .arg(all.completed, 0, 'f', 0)
                                 .arg(all.latency_ms.p99, 0, 'f', 2));
  emit run_finished(stopped);
}

void MainWindow::refresh_views(bool only_visible) {
  if (!only_visible || charts_->isVisible()) charts_->refresh();
  if (only_visible && !graph_->isVisible()) return;
  if (run_data_.revision() == drawn_revision_) return;
  drawn_revision_ = run_data_.revision();
  graph_->update_metrics(run_data_);
}

bool MainWindow::save_results(const QString& folder, QString* error) {
  QDir target(folder);
  if (!target.mkpath(".")) {
    if (error) *error = tr("%1: cannot create the folder").arg(folder);
    return false;
  }
  const QDir source(last_run_folder_);
  for (const auto& name : source.entryList(QDir::Files)) {
    QFile::remove(target.filePath(name));
    if (!QFile::copy(source.filePath(name), target.filePath(name))) {
      if (error) *error = tr("%1: cannot write").arg(target.filePath(name));
      return false;
    }
  }
  statusBar()->showMessage(tr("Results saved in %1 (File > Open results folder reopens them).").arg(folder));
  return true;
}

bool MainWindow::open_results(const QString& folder) {
  if (runner_->is_running()) {  // its last snapshots and summary would land on top of the folder's
    statusBar()->showMessage(tr("Stop the run before opening results."));
    return false;
  }
  QString error;
  const QString run = ResultsBrowser::choose_run(this, folder, &error);
  if (!run.isEmpty() && !maybe_save()) return false;
  if (run.isEmpty()) {
    if (!error.isEmpty()) QMessageBox::warning(this, tr("Cannot open results"), error);
    return false;
  }
  if (!run_data_.load_folder(run, &error)) {
    QMessageBox::warning(this, tr("Cannot open results"), error);
    return false;
  }
  summary_->set_summary(run_data_.summary());
  // One truth: the scenario the run names goes into the editor (and the Compare tab), so the
  // editor, graph, title and status bar all describe the results shown.
  const QString scenario = QString::fromStdString(run_data_.summary().scenario_path);
  const bool scenario_found = !scenario.isEmpty() && QFileInfo::exists(scenario);
  if (scenario_found && QFileInfo(scenario) != QFileInfo(editor_->path())) {
    if (editor_->load_file(scenario, &error)) {
      compare_->set_scenario(scenario);
      validate();
    }
  } else if (!scenario_found) {
    // Another scenario left in the editor would pass for the one behind these results.
    editor_->close_file();
    compare_->set_scenario({});
    show_problems({});
  }
  results_folder_ = run;
  update_title();
  run_bar_->show_results(run_data_.duration_s());  // the toolbar's progress described an earlier run
  // The graph: from that scenario, if it is still there; else the services alone.
  msim::api::ServiceGraph graph;
  if (scenario_found) graph = msim::api::service_graph(scenario.toStdString());
  if (graph.services.empty())
    for (const auto& s : run_data_.services()) graph.services.push_back({s.toStdString(), 0, 0});
  graph.slo_ms = run_data_.slo_ms();
  graph_->set_graph(graph);
  drawn_revision_ = ~0ULL;
  charts_->set_scope({});
  refresh_views();
  last_run_folder_ = run;
  show_tab(Tab::CHARTS);
  const QString scenario_text = scenario_found ? tr("of %1 (in the editor)").arg(QDir::toNativeSeparators(scenario))
                                : scenario.isEmpty()
                                    ? tr("(the folder names no scenario)")
                                    : tr("(its scenario %1 is not found)").arg(QDir::toNativeSeparators(scenario));
  statusBar()->showMessage(tr("Showing the results in %1 %2: %3 simulated, seed %4")
                               .arg(QDir::toNativeSeparators(run), scenario_text,
                                    TimeChart::format_time(run_data_.duration_s(), run_data_.duration_s() >= 3600),
                                    QString::number(run_data_.summary().seed)));
  return true;
}

void MainWindow::add_recent(const QString& path) {
  QSettings settings;
  QStringList recent = settings.value("recent_files").toStringList();
  const QString absolute = QFileInfo(path).absoluteFilePath();
  recent.removeAll(absolute);
  recent.prepend(absolute);
  while (recent.size() > MAX_RECENT) recent.removeLast();
  settings.setValue("recent_files", recent);
  update_recent_menu();
}

void MainWindow::update_recent_menu() {
  if (!recent_menu_) return;
  recent_menu_->clear();
  const QStringList recent = QSettings().value("recent_files").toStringList();
  for (const auto& path : recent)
    recent_menu_->addAction(path, this, [this, path] {
      if (maybe_save()) open_scenario(path);
    });
  recent_menu_->setEnabled(!recent.isEmpty());
}

void MainWindow::update_title() {
  const QString name = editor_->path().isEmpty() ? tr("no scenario") : QFileInfo(editor_->path()).fileName();
  const QString results = results_folder_.isEmpty() ? QString() : tr(" - results %1").arg(QDir::toNativeSeparators(results_folder_));
  setWindowTitle(tr("%1%2%3 - msim-gui").arg(name, editor_->is_modified() ? "*" : "", results));
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (!maybe_save()) {
    event->ignore();
    return;
  }
  runner_->stop();
  event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  const auto urls = event->mimeData()->urls();
  if (urls.isEmpty() || !urls.first().isLocalFile()) return;
  const QString path = urls.first().toLocalFile();
  if (QFileInfo(path).isDir()) open_results(path);
  else if (maybe_save()) open_scenario(path);
  event->acceptProposedAction();
}

}  // namespace msim::gui
