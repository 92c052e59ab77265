#include "charts/Palette.hpp"

namespace msim::gui {

QColor series_color(int index) {
  // Tableau 20 without its red pair, then dark colours that stand apart from those.
  static const QColor palette[PALETTE_SIZE] = {
      QColor(31, 119, 180),  QColor(255, 127, 14),  QColor(44, 160, 44),   QColor(148, 103, 189), QColor(140, 86, 75),   QColor(227, 119, 194),
      QColor(127, 127, 127), QColor(188, 189, 34),  QColor(23, 190, 207),  QColor(174, 199, 232), QColor(255, 187, 120), QColor(152, 223, 138),
      QColor(197, 176, 213), QColor(196, 156, 148), QColor(247, 182, 210), QColor(40, 40, 40),    QColor(219, 219, 141), QColor(158, 218, 229),
      QColor(0, 0, 139),     QColor(0, 100, 0),     QColor(184, 134, 11),  QColor(0, 128, 128),   QColor(75, 0, 130),    QColor(128, 128, 0)};
  return palette[((index % PALETTE_SIZE) + PALETTE_SIZE) % PALETTE_SIZE];
}

bool is_reddish(const QColor& color) {
  const int hue = color.hsvHue();  // -1 for greys
  return hue >= 0 && (hue <= 12 || hue >= 348) && color.hsvSaturationF() > 0.5 && color.valueF() > 0.4;
}

}  // namespace msim::gui
