#pragma once
// Helpers shared by the msim-gui tests: paths, running the msim command line, reading its files.
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QVector>

namespace msim::gui::test {

QString source_path(const QString& relative);
/** Runs the msim binary; returns its exit code (stdout and stderr go to `output`). */
int run_msim(const QStringList& arguments, QString* output = nullptr);
QJsonObject read_json(const QString& path);
QByteArray read_bytes(const QString& path);
/** Settings go to a throw-away place, so tests never touch the user's recent files. */
void isolate_settings();

}  // namespace msim::gui::test
