// Exporting a chart: a real PNG, an SVG, and a CSV holding every point of every series.
#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QTest>

#include "GuiTestSupport.hpp"
#include "app/MainWindow.hpp"
#include "charts/ChartExporter.hpp"
#include "charts/ChartsPanel.hpp"
#include "charts/TimeChart.hpp"
#include "model/CsvReader.hpp"

using namespace msim::gui;

class ExportTest : public QObject {
  Q_OBJECT

private:
  QTemporaryDir dir_;

private slots:
  void initTestCase() {
    test::isolate_settings();
    QVERIFY(dir_.isValid());
    QCOMPARE(test::run_msim({"run", test::source_path("scenarios/quickstart.yaml"), "--out", dir_.filePath("run"), "-q"}), 0);
  }

  void png_svg_and_csv() {
    MainWindow window;
    window.resize(1400, 900);
    window.show();
    QVERIFY(window.open_results(dir_.filePath("run")));
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.refresh_views();
    TimeChart& chart = *window.charts()->latency_chart();
    QVERIFY(chart.width() > 300 && chart.height() > 200);

    const QString png = dir_.filePath("latency.png");
    QString error;
    QVERIFY2(ChartExporter::save(chart, png, &error), qPrintable(error));
    const QByteArray bytes = test::read_bytes(png);
    QVERIFY(bytes.startsWith(QByteArray("\x89PNG\r\n\x1a\n", 8)));
    QVERIFY(bytes.size() > 5000);
    const QImage image(png);
    QCOMPARE(image.size(), chart.size() * chart.devicePixelRatio());
    // Not a blank image: the lines and text give many colours.
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 3)
      for (int x = 0; x < image.width(); x += 3) colours.insert(image.pixel(x, y));
    QVERIFY2(colours.size() > 20, qPrintable(QString::number(colours.size())));

    const QString svg = dir_.filePath("latency.svg");
    QVERIFY2(ChartExporter::save(chart, svg, &error), qPrintable(error));
    const QByteArray svg_text = test::read_bytes(svg);
    QVERIFY(svg_text.startsWith("<?xml"));
    QVERIFY(svg_text.contains("<svg"));
    QVERIFY(svg_text.contains("<polyline") || svg_text.contains("<path"));

    const QString csv = dir_.filePath("latency.csv");
    QVERIFY2(ChartExporter::save(chart, csv, &error), qPrintable(error));
    QVector<QStringList> rows;
    QVERIFY(CsvReader::read_file(csv, rows));
    QCOMPARE(rows.first(), (QStringList{"series", "time_s", "value"}));
    qsizetype points = 0;
    for (const auto& series : chart.data()) points += series.size();
    QCOMPARE(rows.size() - 1, points);
    // The p99 rows are exactly the run's p99 series.
    const auto& p99 = window.run_data().series("latency_ms.p99", {}, {}, "all");
    int at = 0;
    for (const auto& r : rows)
      if (r[0] == "p99") {
        QCOMPARE(r[1].toDouble(), p99[at].x());
        QCOMPARE(r[2].toDouble(), p99[at].y());
        ++at;
      }
    QCOMPARE(at, p99.size());

    QVERIFY(!ChartExporter::save(chart, dir_.filePath("latency.bmp"), &error));
    QVERIFY(!ChartExporter::save(chart, "/nonexistent-dir/x.csv", &error));
  }

  void display_is_downsampled_but_data_is_not() {
    TimeChart chart("t", "y");
    chart.resize(400, 300);
    QVector<QPointF> many;
    for (int i = 0; i < 100000; ++i) many << QPointF(i, (i * 7919) % 1000);
    chart.begin_update();
    chart.set_series("s", many);
    chart.end_update();
    QCOMPARE(chart.data().value("s").size(), 100000);
    QVERIFY(chart.drawn_points("s") < 2000);
    QVERIFY(chart.drawn_points("s") > 100);
  }
};

QTEST_MAIN(ExportTest)
#include "ExportTest.moc"
