// Wakes an outbox relay the moment an enqueuing transaction commits. EnqueueOutboxEvent sends
// `NOTIFY tongxin_outbox` in the writer's transaction; PostgreSQL delivers it at commit (never
// before, never for a rollback) to every session that LISTENs on that database, so a relay in
// another process or replica wakes too. The relay's poll interval stays as the fallback for a
// notification lost while this listener reconnects.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "services/common/db.h"

namespace tongxin {

// The channel EnqueueOutboxEvent notifies.
inline constexpr char kOutboxChannel[] = "tongxin_outbox";

class OutboxListener {
 public:
  // `wake` runs on the listener's thread after each notification and after each (re)connect
  // (events may have committed while it was away); it must not block.
  OutboxListener(DbOptions options, std::function<void()> wake);
  ~OutboxListener();
  OutboxListener(const OutboxListener&) = delete;
  OutboxListener& operator=(const OutboxListener&) = delete;

  void Start();
  // Returns within 250 ms while listening (the connect timeout while it connects).
  void Stop();

 private:
  void Run();
  // Waits `delay` unless stopped first; false once stopping.
  bool PauseUnlessStopping(std::chrono::milliseconds delay);

  DbOptions options_;
  std::function<void()> wake_;
  std::mutex mu_;
  std::condition_variable stop_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace tongxin
