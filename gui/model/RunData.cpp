#include "model/RunData.hpp"

#include <QDir>
#include <QFile>
#include <msim/Session.hpp>

#include "model/CsvReader.hpp"

namespace msim::gui {

void RunData::clear() {
  const auto revision = revision_ + 1;
  *this = RunData();
  revision_ = revision;
}

QString RunData::key(const QString& metric, const QString& service, const QString& endpoint, const QString& request_type) {
  return metric + QChar(0x1f) + service + QChar(0x1f) + endpoint + QChar(0x1f) + request_type;
}

void RunData::add_row(double time_s, const QString& metric, const QString& service, const QString& endpoint, const QString& request_type,
                      double value) {
  series_[key(metric, service, endpoint, request_type)].append(QPointF(time_s, value));
  if (!service.isEmpty() && !services_.contains(service)) services_ << service;
  if (!request_type.isEmpty() && !request_types_.contains(request_type)) request_types_ << request_type;
  time_s_ = std::max(time_s_, time_s);
  ++rows_;
  ++revision_;
}

QStringList RunData::request_types() const {
  QStringList types = request_types_;
  if (types.removeAll(QStringLiteral("all")) > 0) types << QStringLiteral("all");
  return types;
}

void RunData::add_event(const RunEvent& event) {
  events_.append(event);
  time_s_ = std::max(time_s_, event.time_s);
  ++revision_;
}

void RunData::append(const msim::api::Snapshot& snapshot) {
  for (const auto& r : snapshot.rows)
    add_row(r.time_s, QString::fromStdString(r.metric), QString::fromStdString(r.service), QString::fromStdString(r.endpoint),
            QString::fromStdString(r.request_type), r.value);
  for (const auto& e : snapshot.event_rows)
    add_event({e.time_s, QString::fromStdString(e.id), QString::fromStdString(e.kind), QString::fromStdString(e.service),
               QString::fromStdString(e.target), QString::fromStdString(e.before), QString::fromStdString(e.after),
               QString::fromStdString(e.reason)});
  time_s_ = std::max(time_s_, snapshot.sim_time_s);
  if (snapshot.duration_s > 0) duration_s_ = snapshot.duration_s;
  ++revision_;
}

const QVector<QPointF>& RunData::series(const QString& metric, const QString& service, const QString& endpoint,
                                        const QString& request_type) const {
  static const QVector<QPointF> none;
  const auto it = series_.constFind(key(metric, service, endpoint, request_type));
  return it == series_.cend() ? none : *it;
}

double RunData::latest(const QString& metric, const QString& service, const QString& request_type, double fallback) const {
  const auto& points = series(metric, service, {}, request_type);
  return points.isEmpty() ? fallback : points.last().y();
}

void RunData::set_summary(const msim::api::Summary& summary) {
  summary_ = summary;
  if (const auto& slo = summary.all().slo) slo_ms_ = slo->objective_ms;
  warmup_s_ = summary.warmup_s;
  ++revision_;
}

bool RunData::load_folder(const QString& dir, QString* error) {
  clear();
  const QDir folder(dir);
  msim::api::Summary summary;
  try {
    summary = msim::api::read_summary(dir.toStdString());
  } catch (const std::invalid_argument& e) {
    if (error) *error = QString::fromStdString(e.what());
    return false;
  }
  QVector<QStringList> records;
  if (!CsvReader::read_file(folder.filePath("timeseries.csv"), records, error)) return false;
  if (records.isEmpty() || records[0] != QStringList{"time_s", "metric", "service", "endpoint", "request_type", "value"}) {
    if (error) *error = QStringLiteral("%1: not an msim timeseries.csv (unexpected header)").arg(folder.filePath("timeseries.csv"));
    return false;
  }
  for (qsizetype i = 1; i < records.size(); ++i) {
    const auto& r = records[i];
    if (r.size() < 6) continue;
    add_row(r[0].toDouble(), r[1], r[2], r[3], r[4], r[5].toDouble());
  }
  QVector<QStringList> events;
  if (CsvReader::read_file(folder.filePath("events.csv"), events, nullptr)) {
    for (qsizetype i = 1; i < events.size(); ++i) {
      const auto& e = events[i];
      if (e.size() < 8) continue;
      add_event({e[0].toDouble(), e[1], e[2], e[3], e[4], e[5], e[6], e[7]});
    }
  }
  duration_s_ = std::max(summary.sim_time_s, time_s_);
  set_summary(summary);
  folder_ = dir;
  return true;
}

}  // namespace msim::gui
