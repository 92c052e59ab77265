#pragma once
/** @file
 *  @brief SHA-256 (FIPS 180-4) of a byte string, as lowercase hex: the scenario's fingerprint.
 */
#include <string>
#include <string_view>

namespace msim::scenario {

std::string sha256_hex(std::string_view bytes);

}  // namespace msim::scenario
