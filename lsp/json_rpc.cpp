// The base protocol: Content-Length framing, read ahead from a descriptor.
#include "lsp/json_rpc.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace baton::lsp {
namespace {

/// The value of a Content-Length header in `headers` (case-insensitive name), or -1.
long long content_length(const std::string& headers) {
  size_t start = 0;
  while (start < headers.size()) {
    size_t end = headers.find("\r\n", start);
    if (end == std::string::npos) end = headers.size();
    std::string line = headers.substr(start, end - start);
    start = end + 2;
    size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (name != "content-length") continue;
    size_t i = colon + 1;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i == line.size()) return -1;
    unsigned long long value = 0;
    for (; i < line.size(); ++i) {
      if (line[i] == ' ' || line[i] == '\t') break;
      if (line[i] < '0' || line[i] > '9') return -1;
      value = value * 10 + static_cast<unsigned>(line[i] - '0');
      if (value > kMaxMessageBytes) return -1;
    }
    return static_cast<long long>(value);
  }
  return -1;
}

}  // namespace

bool MessageReader::fill() {
  if (eof_) return false;
  char block[65536];
  for (;;) {
    ssize_t got = ::read(fd_, block, sizeof block);
    if (got > 0) {
      buffer_.append(block, static_cast<size_t>(got));
      return true;
    }
    if (got < 0 && errno == EINTR) continue;
    eof_ = true;
    return false;
  }
}

MessageReader::Status MessageReader::read(std::string& body) {
  for (;;) {
    size_t header_end = buffer_.find("\r\n\r\n");
    if (header_end == std::string::npos) {
      if (!fill()) return Status::Eof;
      continue;
    }
    long long length = content_length(buffer_.substr(0, header_end));
    if (length < 0) {
      buffer_.erase(0, header_end + 4);
      return Status::Malformed;
    }
    size_t total = header_end + 4 + static_cast<size_t>(length);
    while (buffer_.size() < total) {
      if (!fill()) return Status::Eof;
    }
    body.assign(buffer_, header_end + 4, static_cast<size_t>(length));
    buffer_.erase(0, total);
    return Status::Message;
  }
}

bool MessageReader::ready(int timeout_ms) {
  size_t header_end = buffer_.find("\r\n\r\n");
  if (header_end != std::string::npos) {
    long long length = content_length(buffer_.substr(0, header_end));
    if (length < 0 || buffer_.size() >= header_end + 4 + static_cast<size_t>(length)) return true;
  }
  if (eof_) return true;
  pollfd p{fd_, POLLIN, 0};
  int n;
  do {
    n = ::poll(&p, 1, timeout_ms);
  } while (n < 0 && errno == EINTR);
  return n > 0;
}

void write_message(int fd, const nlohmann::json& message) {
  // Replace, never throw: a file name may hold bytes that are not UTF-8.
  std::string body = message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string header = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  for (const std::string* part : {&header, &body}) {
    size_t done = 0;
    while (done < part->size()) {
      ssize_t n = ::write(fd, part->data() + done, part->size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return;  // the client is gone: nothing more can be said
      done += static_cast<size_t>(n);
    }
  }
}

}  // namespace baton::lsp
