// Opening scenarios: highlighting, the service graph, and validation problems shown at their line.
#include <QApplication>
#include <QDragEnterEvent>
#include <QMimeData>
#include <QSettings>
#include <QUrl>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>

#include "GuiTestSupport.hpp"
#include "app/MainWindow.hpp"
#include "editor/ProblemList.hpp"
#include "editor/ScenarioEditor.hpp"
#include "graph/ServiceGraphView.hpp"
#include "graph/ServiceNodeItem.hpp"

using namespace msim::gui;

class ScenarioEditorTest : public QObject {
  Q_OBJECT

private:
  QTemporaryDir dir_;
  QString quickstart_text_;

  QString write(const QString& name, const QString& text) {
    const QString path = dir_.filePath(name);
    QFile file(path);
    file.open(QIODevice::WriteOnly);
    file.write(text.toUtf8());
    return path;
  }

private slots:
  void initTestCase() {
    test::isolate_settings();
    QVERIFY(dir_.isValid());
    quickstart_text_ = QString::fromUtf8(test::read_bytes(test::source_path("scenarios/quickstart.yaml")));
    QVERIFY(quickstart_text_.contains("workers: 2"));
  }

  void valid_scenario_shows_no_problem_and_its_graph() {
    MainWindow window;
    QVERIFY(window.open_scenario(test::source_path("scenarios/quickstart.yaml")));
    QVERIFY(window.validate().isEmpty());
    QVERIFY(window.editor()->problem_lines().isEmpty());
    QCOMPARE(window.problems()->count(), 1);  // "No problems"
    QVERIFY(window.problems()->item(0)->text().contains("No problems"));
    // The graph: four services, three calls, laid out left to right by call depth.
    QCOMPARE(window.graph()->services().size(), 4);
    QCOMPARE(window.graph()->call_count(), 3);
    const auto x = [&](const char* s) { return window.graph()->node(s)->pos().x(); };
    QVERIFY(x("frontend") < x("backend"));
    QVERIFY(x("backend") < x("cache"));
    QCOMPARE(x("cache"), x("db"));
    // Highlighting: the "name:" key on line 4 has formats.
    QVERIFY(!window.editor()->document()->findBlockByNumber(3).layout()->formats().isEmpty());
    // Recent files remember it.
    QVERIFY(QSettings().value("recent_files").toStringList().contains(QFileInfo(test::source_path("scenarios/quickstart.yaml")).absoluteFilePath()));
  }

  void problems_are_underlined_at_their_line_with_the_message() {
    QString broken = quickstart_text_;
    broken.replace("workers: 2", "worker: 2");   // line 32
    broken.replace("- cache.get", "- cahe.get");  // line 39
    const QString path = write("broken.yaml", broken);
    MainWindow window;
    QVERIFY(window.open_scenario(path));
    const QStringList problems = window.validate();
    QVERIFY2(problems.size() >= 2, qPrintable(problems.join('\n')));
    for (const auto& p : problems) QVERIFY2(p.startsWith(path + ':'), qPrintable(p));
    const auto& lines = window.editor()->problem_lines();
    QVERIFY2(lines.contains(32), qPrintable(problems.join('\n')));
    QVERIFY(lines.value(32).contains("worker"));
    QVERIFY(lines.value(32).contains("did you mean 'workers'"));
    QVERIFY2(lines.contains(39), qPrintable(problems.join('\n')));
    QVERIFY(lines.value(39).contains("cahe"));
    QCOMPARE(window.problems()->count(), problems.size());
    QVERIFY(window.problems()->item(0)->text().startsWith("Line "));
    // Run refuses, and nothing starts.
    QVERIFY(!window.run());
    QVERIFY(!window.runner()->is_running());

    // Fix it in the editor: the problems go away without saving.
    window.editor()->setPlainText(quickstart_text_);
    QVERIFY(window.validate().isEmpty());
    QVERIFY(window.editor()->problem_lines().isEmpty());
  }

  void yaml_syntax_errors_and_garbage_never_crash() {
    MainWindow window;
    QVERIFY(window.open_scenario(write("syntax.yaml", "name: x\nservices: [unclosed\n  - {\n")));
    const auto problems = window.validate();
    QVERIFY(!problems.isEmpty());
    QVERIFY(!window.run());
    window.editor()->setPlainText(QString(":\n\t- ]]]\n%1\n").arg(QString(5000, 'x')));
    QVERIFY(!window.validate().isEmpty());
    window.editor()->setPlainText({});
    QVERIFY(!window.validate().isEmpty());
  }

  void dropping_a_file_opens_it() {
    MainWindow window;
    window.show();
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(test::source_path("scenarios/quickstart.yaml"))});
    // Dropped where the editor is: the window opens the file (the editor does not paste it).
    const QPoint at = window.editor()->viewport()->mapTo(&window, window.editor()->viewport()->rect().center());
    QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &drop);
    QCOMPARE(window.editor()->path(), test::source_path("scenarios/quickstart.yaml"));
    QVERIFY(window.editor()->toPlainText().startsWith("# Quick start"));
    QVERIFY(!window.editor()->acceptDrops());
  }

  void problem_text_is_parsed_with_colons_in_the_path() {
    const auto p = ScenarioProblem::parse("C:/x:y/a.yaml:14:5: services.cart: unknown key 'worker'");
    QCOMPARE(p.file, QString("C:/x:y/a.yaml"));
    QCOMPARE(p.line, 14);
    QCOMPARE(p.column, 5);
    QCOMPARE(p.message, QString("services.cart: unknown key 'worker'"));
    const auto q = ScenarioProblem::parse("no place here");
    QCOMPARE(q.line, 0);
    QCOMPARE(q.message, QString("no place here"));
  }
};

QTEST_MAIN(ScenarioEditorTest)
#include "ScenarioEditorTest.moc"
