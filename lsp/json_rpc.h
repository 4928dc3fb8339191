// The base protocol of the Language Server Protocol: messages framed by a Content-Length header
// over a byte stream (standard input and output).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace baton::lsp {

/// Reads framed messages from a file descriptor, keeping what it read ahead.
class MessageReader {
 public:
  explicit MessageReader(int fd) : fd_(fd) {}

  enum class Status {
    Message,    ///< `body` holds one message's content
    Malformed,  ///< a header block without a valid Content-Length: skipped
    Eof,        ///< the stream ended (a message cut short counts as ended)
  };

  /// Reads the next message, waiting for it.
  Status read(std::string& body);

  /// True when the next read() will not wait: a whole message is buffered, or bytes (or the
  /// end of the stream) arrive within `timeout_ms`.
  bool ready(int timeout_ms);

 private:
  /// Reads what the descriptor has (waiting for at least one byte); false at the end.
  bool fill();

  int fd_;
  std::string buffer_;
  bool eof_ = false;
};

/// Writes one message, framed, to `fd` (whole, retrying short writes).
void write_message(int fd, const nlohmann::json& message);

/// The largest message accepted: a Content-Length above it is malformed.
inline constexpr size_t kMaxMessageBytes = size_t{1} << 30;

}  // namespace baton::lsp
