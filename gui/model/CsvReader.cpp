#include "model/CsvReader.hpp"

#include <QFile>

namespace msim::gui {

QVector<QStringList> CsvReader::parse(const QString& text) {
  QVector<QStringList> records;
  QStringList record;
  QString field;
  bool quoted = false;
  bool any = false;  // the current record has content
  for (qsizetype i = 0; i < text.size(); ++i) {
    const QChar c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
      any = true;
    } else if (c == ',') {
      record << field;
      field.clear();
      any = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      if (any || !field.isEmpty()) {
        record << field;
        records << record;
      }
      record.clear();
      field.clear();
      any = false;
    } else {
      field += c;
      any = true;
    }
  }
  if (any || !field.isEmpty()) {
    record << field;
    records << record;
  }
  return records;
}

bool CsvReader::read_file(const QString& path, QVector<QStringList>& records, QString* error) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) {
    if (error) *error = QStringLiteral("%1: %2").arg(path, file.errorString());
    return false;
  }
  records = parse(QString::fromUtf8(file.readAll()));
  return true;
}

}  // namespace msim::gui
