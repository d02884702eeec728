// The handler threads' pool (worker_pool.hpp).
#include "http/worker_pool.hpp"

#include "core/thread_name.hpp"

namespace gonghui::http {

WorkerPool::WorkerPool(int threads) {
  for (int i = 0; i < threads; ++i) {
    threads_.push_back(start_named_thread("gh-worker", [this] { loop(); }));
  }
}

bool WorkerPool::submit(Task task, bool urgent) {
  {
    std::lock_guard lock(mu_);
    if (stopping_) {
      return false;
    }
    (urgent ? urgent_ : tasks_).push_back(std::move(task));
  }
  cv_.notify_one();
  return true;
}

void WorkerPool::expire_overdue(Clock::time_point now) {
  std::vector<Task> overdue;
  {
    std::lock_guard lock(mu_);
    for (auto it = tasks_.begin(); it != tasks_.end();) {
      if (it->expire && it->deadline <= now) {
        overdue.push_back(std::move(*it));
        it = tasks_.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (Task& task : overdue) {
    task.expire();
  }
}

void WorkerPool::shutdown() {
  {
    std::lock_guard lock(mu_);
    if (stopping_) {
      return;
    }
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& thread : threads_) {
    thread.join();
  }
}

void WorkerPool::loop() {
  for (;;) {
    Task task;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !urgent_.empty() || !tasks_.empty(); });
      std::deque<Task>& queue = urgent_.empty() ? tasks_ : urgent_;
      if (queue.empty()) {
        return;
      }
      task = std::move(queue.front());
      queue.pop_front();
    }
    if (task.expire && Clock::now() > task.deadline) {
      task.expire();
    } else {
      task.run();
    }
  }
}

}  // namespace gonghui::http
