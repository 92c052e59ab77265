#include "GuiTestSupport.hpp"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>

namespace msim::gui::test {

QString source_path(const QString& relative) { return QDir(QStringLiteral(MSIM_SOURCE_DIR)).filePath(relative); }

int run_msim(const QStringList& arguments, QString* output) {
  QProcess process;
  process.setProcessChannelMode(QProcess::MergedChannels);
  process.start(QStringLiteral(MSIM_BINARY), arguments);
  if (!process.waitForFinished(120000)) return -1;
  if (output) *output = QString::fromUtf8(process.readAll());
  return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

QJsonObject read_json(const QString& path) { return QJsonDocument::fromJson(read_bytes(path)).object(); }

QByteArray read_bytes(const QString& path) {
  QFile file(path);
  return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void isolate_settings() {
  QStandardPaths::setTestModeEnabled(true);
  QCoreApplication::setOrganizationName("msim-test");
  // One settings file per test program: CTest runs them in parallel.
  QCoreApplication::setApplicationName("msim-gui-test-" + QFileInfo(QCoreApplication::applicationFilePath()).baseName());
  QSettings().clear();
}

}  // namespace msim::gui::test
