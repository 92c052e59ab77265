#pragma once
/** @file
 *  @brief The colours of chart series: 24 distinct colours and none of them red (red is the
 *         SLO and failures), so 20+ services each get their own.
 */
#include <QColor>

namespace msim::gui {

/** Number of distinct series colours before they repeat. */
constexpr int PALETTE_SIZE = 24;

/** The colour of the series at `index` (repeats after PALETTE_SIZE). */
QColor series_color(int index);

/** Whether a colour reads as red (the SLO's and failures' colour). */
bool is_reddish(const QColor& color);

}  // namespace msim::gui
