#pragma once
/** @file
 *  @brief FIFO of small values in a power-of-two ring: no allocation once it has grown.
 */
#include <cstdint>
#include <vector>

namespace msim::model {

template <class T>
class RingQueue {
public:
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

  void push(T value) {
    if (size_ == buffer_.size()) grow();
    buffer_[(head_ + size_) & (buffer_.size() - 1)] = value;
    ++size_;
  }
  /** Removes the newest value (for LIFO service). */
  T pop_back() {
    --size_;
    return buffer_[(head_ + size_) & (buffer_.size() - 1)];
  }
  /** Removes the oldest value. */
  T pop() {
    T value = buffer_[head_];
    head_ = (head_ + 1) & (buffer_.size() - 1);
    --size_;
    return value;
  }

private:
  void grow() {
    std::vector<T> bigger(buffer_.empty() ? 8 : buffer_.size() * 2);
    for (std::size_t i = 0; i < size_; ++i) bigger[i] = buffer_[(head_ + i) & (buffer_.size() - 1)];
    buffer_ = std::move(bigger);
    head_ = 0;
  }

  std::vector<T> buffer_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace msim::model
