#pragma once
/** @file
 *  @brief Reads the RFC 4180 CSV files msim writes (quoted fields may hold commas and quotes).
 */
#include <QString>
#include <QStringList>
#include <QVector>

namespace msim::gui {

class CsvReader {
public:
  /** Splits CSV text into records; the header is the first record. */
  static QVector<QStringList> parse(const QString& text);
  /** Reads a whole file; false (and `error`) when it cannot be read. */
  static bool read_file(const QString& path, QVector<QStringList>& records, QString* error = nullptr);
};

}  // namespace msim::gui
