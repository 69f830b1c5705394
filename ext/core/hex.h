// Hex codec and the shape of a stored secret: shared by the secrets
// functions and anything else that speaks hex. No OpenSSL here: core depends
// on nothing above SQLite (keys and OpenSSL's errors are ext/secrets/).
//
// Hand-written on purpose: OpenSSL's OPENSSL_buf2hexstr writes upper case with
// colons and OPENSSL_hexstr2buf allocates an unwiped buffer; a dozen lines
// here give lower-case hex and let key bytes be decoded straight into memory
// that is wiped.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace vl {

// Lower-case hex of n bytes.
std::string hex_encode(const void* data, size_t n);
// Writes the lower-case hex of n bytes to out (room for 2n chars, no NUL
// added) and returns out + 2n: for callers that build a result in one buffer.
// out may overlap data only as encrypt() uses it: data at or after out + n.
char* hex_encode_to(const void* data, size_t n, char* out);
// True when s is a non-empty run of hex digits (either case) of even length.
bool is_hex(std::string_view s);
// Decodes hex digits (either case) into out (size hex.size()/2). Returns false,
// writing nothing, when the length is odd or a character is not a hex digit.
bool hex_decode(std::string_view hex, unsigned char* out);
// The same decoding in one pass (a table lookup per digit, no branch per
// character), for hot paths: on false, out holds garbage that the caller
// must discard (or wipe, if out may hold a secret).
bool hex_decode_unchecked(std::string_view hex, unsigned char* out);

// The shape of a stored secret, told without the key (docs/secrets.md,
// Forms): what vl_health reports and the triggers of 60_secrets_audit.sql
// test. kNone: not an envelope (plaintext, or a damaged value).
enum class EnvelopeShape { kNone, kV2Bound, kV2Unbound, kGcm, kCbc };
EnvelopeShape envelope_shape(std::string_view v);

}  // namespace vl
