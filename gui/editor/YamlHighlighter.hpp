#pragma once
/** @file
 *  @brief Colours scenario YAML: keys, comments, strings, numbers with units, and msim's
 *         distribution and rate functions such as exponential(2ms) or diurnal(...).
 */
#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>
#include <QVector>

namespace msim::gui {

class YamlHighlighter : public QSyntaxHighlighter {
  Q_OBJECT
public:
  explicit YamlHighlighter(QTextDocument* document);

protected:
  void highlightBlock(const QString& text) override;

private:
  struct Rule {
    QRegularExpression pattern;
    QTextCharFormat format;
    int group = 0;  // the capture group to colour
  };
  QVector<Rule> rules_;
  QRegularExpression comment_;
  QTextCharFormat comment_format_;
};

}  // namespace msim::gui
