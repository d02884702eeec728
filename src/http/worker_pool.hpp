// The server's pool of handler threads (http/server.cpp): handlers may block on the store;
// the I/O threads never do.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace gonghui::http {

// A fixed pool of handler threads. The queue needs no bound of its own: the server's
// admission (max_in_flight) bounds it. Thread-safe.
class WorkerPool {
 public:
  using Clock = std::chrono::steady_clock;
  struct Task {
    std::function<void()> run;
    // Called instead of run once the deadline has passed in the queue; empty: no deadline.
    std::function<void()> expire;
    Clock::time_point deadline;
  };

  explicit WorkerPool(int threads);
  ~WorkerPool() { shutdown(); }

  // Urgent tasks (health, metrics) run before the others, in their own order (a queue of
  // their own: put at the front of one queue, a flood of them would run newest first and
  // the oldest would wait without end). False once shutting down.
  bool submit(Task task, bool urgent);

  // Takes the tasks whose deadline has passed out of the queue and expires them, so that a
  // queued request waits at most about its deadline even while every worker is busy.
  void expire_overdue(Clock::time_point now);

  // Runs what is queued, then joins the threads; later submits are refused.
  void shutdown();

 private:
  void loop();

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Task> urgent_;  // under mu_
  std::deque<Task> tasks_;   // under mu_
  bool stopping_ = false;    // under mu_
  std::vector<std::thread> threads_;
};

}  // namespace gonghui::http
