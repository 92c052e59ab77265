#include "editor/YamlHighlighter.hpp"

namespace msim::gui {
namespace {

QTextCharFormat char_format(const QColor& color, bool bold = false, bool italic = false) {
  QTextCharFormat f;
  f.setForeground(color);
  if (bold) f.setFontWeight(QFont::Bold);
  f.setFontItalic(italic);
  return f;
}

}  // namespace

YamlHighlighter::YamlHighlighter(QTextDocument* document)
    : QSyntaxHighlighter(document), comment_(QStringLiteral("(^|\\s)#.*$")), comment_format_(char_format(QColor(120, 120, 120), false, true)) {
  // Later rules win where they overlap.
  rules_.append({QRegularExpression(QStringLiteral("\\b\\d+(\\.\\d+)?([eE][-+]?\\d+)?(ns|us|ms|s|m|h|d|%|Ki|Mi|Gi|Ti|m|/s|/m|/h)?\\b")),
                 char_format(QColor(128, 0, 160))});
  rules_.append({QRegularExpression(QStringLiteral("\\b(true|false|null|yes|no)\\b")), char_format(QColor(128, 0, 160), true)});
  rules_.append({QRegularExpression(QStringLiteral("\\b([a-z_]+)\\(")), char_format(QColor(0, 120, 130), true), 1});
  rules_.append({QRegularExpression(QStringLiteral("^\\s*(- )?([^\\s#:'\"][^#:]*?|\"[^\"]*\"|'[^']*')\\s*:(?=\\s|$)")),
                 char_format(QColor(20, 70, 170), true), 2});
  rules_.append({QRegularExpression(QStringLiteral("[{,]\\s*([A-Za-z_][\\w.]*)\\s*:(?=\\s)")), char_format(QColor(20, 70, 170), true), 1});
  rules_.append({QRegularExpression(QStringLiteral("^\\s*(-)(?=\\s)")), char_format(QColor(200, 90, 0), true), 1});
  rules_.append({QRegularExpression(QStringLiteral("\"[^\"]*\"|'[^']*'")), char_format(QColor(0, 130, 0))});
}

void YamlHighlighter::highlightBlock(const QString& text) {
  for (const auto& rule : rules_) {
    auto matches = rule.pattern.globalMatch(text);
    while (matches.hasNext()) {
      const auto m = matches.next();
      if (m.capturedStart(rule.group) >= 0) setFormat(static_cast<int>(m.capturedStart(rule.group)), static_cast<int>(m.capturedLength(rule.group)), rule.format);
    }
  }
  const auto comment = comment_.match(text);
  if (comment.hasMatch()) setFormat(static_cast<int>(comment.capturedStart()), static_cast<int>(comment.capturedLength()), comment_format_);
}

}  // namespace msim::gui
