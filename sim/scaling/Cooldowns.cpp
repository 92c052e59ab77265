#include "scaling/Cooldowns.hpp"

#include <fmt/format.h>

namespace msim::scaling {

int Cooldowns::apply(core::SimTime now, int current, int wanted, std::string& reason) {
  if (wanted > current && scaled_out_ && now - last_out_ < out_) {
    reason += fmt::format("; scale-out cooldown holds {}", current);
    return current;
  }
  if (wanted < current && changed_ && now - last_change_ < in_) {
    reason += fmt::format("; scale-in cooldown holds {}", current);
    return current;
  }
  if (wanted > current) {
    last_out_ = now;
    scaled_out_ = true;
  }
  if (wanted != current) {
    last_change_ = now;
    changed_ = true;
  }
  return wanted;
}

}  // namespace msim::scaling
