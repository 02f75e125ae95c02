// The price of NOTIFY: PostgreSQL serialises the commits of notifying transactions across the
// server (a global lock held through the commit's WAL flush). Only transactions that enqueue pay
// it, one commit at a time; at the approval rates in bench/RESULTS.md that is no queue at all.
#include "services/common/outbox_listener.h"

#include <spdlog/spdlog.h>

#include <pqxx/pqxx>

namespace tongxin {
namespace {

class Receiver : public pqxx::notification_receiver {
 public:
  Receiver(pqxx::connection_base& connection, std::function<void()>& wake)
      : pqxx::notification_receiver(connection, kOutboxChannel), wake_(wake) {}
  void operator()(const std::string&, int) override { wake_(); }

 private:
  std::function<void()>& wake_;
};

constexpr std::chrono::milliseconds kReconnectDelay{1000};
constexpr long kWaitSliceMicros = 250000;

}  // namespace

OutboxListener::OutboxListener(DbOptions options, std::function<void()> wake)
    : options_(std::move(options)), wake_(std::move(wake)) {}

OutboxListener::~OutboxListener() { Stop(); }

void OutboxListener::Start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Run(); });
}

void OutboxListener::Stop() {
  std::thread running;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    running = std::move(thread_);
  }
  stop_.notify_all();
  if (running.joinable()) running.join();
}

bool OutboxListener::PauseUnlessStopping(std::chrono::milliseconds delay) {
  std::unique_lock lock(mu_);
  return !stop_.wait_for(lock, delay, [this] { return stopping_; });
}

void OutboxListener::Run() {
  absl::StatusOr<std::string> connection_string = ConnectionString(options_);
  if (!connection_string.ok()) {
    spdlog::error("outbox listener: {}", connection_string.status().ToString());
    return;
  }
  bool warned = false;
  while (PauseUnlessStopping(std::chrono::milliseconds(0))) {
    try {
      // connect_timeout (from the options) bounds the connect; the waits below are sliced.
      pqxx::connection connection(*connection_string);
      Receiver receiver(connection, wake_);
      if (warned) spdlog::info("outbox listener: listening again");
      warned = false;
      wake_();
      while (PauseUnlessStopping(std::chrono::milliseconds(0))) {
        connection.await_notification(0, kWaitSliceMicros);
      }
      return;
    } catch (const std::exception& error) {
      // The relay's poll carries on meanwhile; one line per outage, not one per attempt.
      if (!warned) spdlog::warn("outbox listener: {}; reconnecting", error.what());
      warned = true;
    }
    if (!PauseUnlessStopping(kReconnectDelay)) return;
  }
}

}  // namespace tongxin
